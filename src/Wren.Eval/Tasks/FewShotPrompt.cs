using Wren.Runtime;

namespace Wren.Eval.Tasks;

/// <summary>
/// Builds few-shot prompts as lm-evaluation-harness does: K examples, each <c>text + " " + target</c>, joined
/// and followed by the question with <c>"\n\n"</c>. The examples for question i are drawn without replacement
/// by a <see cref="Random"/> seeded with seed * 1000003 + i (stable across runs and machines), so a prompt does not depend on the order questions are
/// run in or on <c>--limit</c>; an example whose text is the question itself is never used.
/// </summary>
public sealed class FewShotPrompt
{
    private readonly IReadOnlyList<FewShotExample> _pool;

    public FewShotPrompt(IReadOnlyList<FewShotExample> pool, int shots, int seed = 1234, string targetDelimiter = " ", string fewShotDelimiter = "\n\n")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        if (shots > 0 && pool.Count < shots) throw new WrenException($"--shots {shots} needs at least {shots} examples in the few-shot file, which has {pool.Count}");
        _pool = pool;
        Shots = shots;
        Seed = seed;
        TargetDelimiter = targetDelimiter;
        FewShotDelimiter = fewShotDelimiter;
    }

    public int Shots { get; }

    public int Seed { get; }

    public string TargetDelimiter { get; }

    public string FewShotDelimiter { get; }

    /// <summary>The examples chosen for question <paramref name="index"/>.</summary>
    public List<FewShotExample> Choose(int index, string question)
    {
        var chosen = new List<FewShotExample>(Shots);
        if (Shots == 0) return chosen;
        var rng = new Random(unchecked(Seed * 1_000_003 + index) & int.MaxValue);
        // Partial Fisher-Yates over indices: K draws without replacement, skipping the question itself.
        var order = new int[_pool.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = 0; i < order.Length && chosen.Count < Shots; i++)
        {
            int j = rng.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
            var example = _pool[order[i]];
            if (example.Text == question) continue;
            chosen.Add(example);
        }
        return chosen;
    }

    /// <summary>The prompt for question <paramref name="index"/>: the shots, then the question.</summary>
    public string Build(int index, string question)
    {
        if (Shots == 0) return question;
        var parts = new List<string>(Shots + 1);
        foreach (var e in Choose(index, question)) parts.Add(e.Text + TargetDelimiter + e.Target);
        parts.Add(question);
        return string.Join(FewShotDelimiter, parts);
    }
}
