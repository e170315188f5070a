using Wren.Data.Curation.Decontamination;

namespace Wren.Data.Teacher;

/// <summary>
/// Keeps the test split honest: a training or validation example that shares a word n-gram with any test example's
/// input or output (lower-cased words, as <c>wren curate</c>'s decontamination counts them, <see cref="EvalNGramIndex"/>)
/// is dropped, so a model is never scored on what it was trained on. A teacher asked twice about one passage writes
/// such overlaps often.
/// </summary>
public static class TestSplitDecontaminator
{
    /// <returns>For each candidate, whether it is kept (false: it overlaps the test split).</returns>
    public static bool[] Keep(IReadOnlyList<(string Input, string Output)> candidates, IEnumerable<(string Input, string Output)> test, int n)
    {
        var index = new EvalNGramIndex(n);
        foreach (var (input, output) in test)
        {
            index.Add(input);
            index.Add(output);
        }

        var keep = new bool[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            bool hit = false;
            void Visit(ulong hash, int start, int end) => hit |= index.Contains(hash);
            EvalNGramIndex.ForEachNGram(candidates[i].Input, n, Visit);
            if (!hit) EvalNGramIndex.ForEachNGram(candidates[i].Output, n, Visit);
            keep[i] = !hit;
        }

        return keep;
    }
}
