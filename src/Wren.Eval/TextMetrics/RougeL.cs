using System.Text;

namespace Wren.Eval.TextMetrics;

/// <summary>
/// ROUGE-L (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries") as google-research's
/// <c>rouge_score</c> computes it with its defaults (no stemmer): text lower-cased, every character outside
/// <c>[a-z0-9]</c> made a space, split on whitespace. <see cref="Score"/> is <c>rougeL</c> (the longest common
/// subsequence of the two token lists); <see cref="ScoreSummary"/> is <c>rougeLsum</c> (summary-level LCS, section 3.2 of
/// the paper: lines are sentences, each reference sentence takes the union of its LCS with every candidate sentence,
/// and a token counts at most as often as it occurs on both sides, as ROUGE-1.5.5 does). Hand-written: no .NET
/// library computes ROUGE.
/// </summary>
public static class RougeL
{
    /// <summary><c>rougeL</c> of <paramref name="prediction"/> against <paramref name="target"/>.</summary>
    public static RougeScore Score(string target, string prediction)
    {
        var t = Tokenize(target);
        var p = Tokenize(prediction);
        if (t.Count == 0 || p.Count == 0) return default;
        int lcs = LcsTable(t, p)[t.Count, p.Count];
        return RougeScore.From((double)lcs / p.Count, (double)lcs / t.Count);
    }

    /// <summary><c>rougeLsum</c>: sentences are the non-empty lines.</summary>
    public static RougeScore ScoreSummary(string target, string prediction)
    {
        var references = Sentences(target);
        var candidates = Sentences(prediction);
        if (references.Count == 0 || candidates.Count == 0) return default;
        int m = references.Sum(s => s.Count), n = candidates.Sum(s => s.Count);
        if (m == 0 || n == 0) return default;
        var referenceCounts = Counts(references);
        var candidateCounts = Counts(candidates);
        int hits = 0;
        foreach (var reference in references)
        {
            var union = new SortedSet<int>();
            foreach (var candidate in candidates) union.UnionWith(LcsIndices(reference, candidate));
            foreach (int i in union)
            {
                string token = reference[i];
                if (candidateCounts.GetValueOrDefault(token) > 0 && referenceCounts.GetValueOrDefault(token) > 0)
                {
                    hits++;
                    candidateCounts[token]--;
                    referenceCounts[token]--;
                }
            }
        }

        return RougeScore.From((double)hits / n, (double)hits / m);
    }

    /// <summary>rouge_score's default tokenizer: lower case, non-alphanumerics (ASCII) to spaces, whitespace split.</summary>
    public static List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = new StringBuilder(text.Length);
        foreach (char c in text.ToLowerInvariant()) cleaned.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : ' ');
        return [.. cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static List<List<string>> Sentences(string text) =>
        text.Split('\n').Where(s => s.Length > 0).Select(Tokenize).ToList();

    private static Dictionary<string, int> Counts(List<List<string>> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sentences)
            foreach (string t in s) counts[t] = counts.GetValueOrDefault(t) + 1;
        return counts;
    }

    private static int[,] LcsTable(List<string> reference, List<string> candidate)
    {
        var table = new int[reference.Count + 1, candidate.Count + 1];
        for (int i = 1; i <= reference.Count; i++)
        {
            for (int j = 1; j <= candidate.Count; j++)
            {
                table[i, j] = reference[i - 1] == candidate[j - 1]
                    ? table[i - 1, j - 1] + 1
                    : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return table;
    }

    /// <summary>The reference indices of one LCS, read back as rouge_score's <c>_backtrack_norec</c> does (ties go up), so the union matches it.</summary>
    private static List<int> LcsIndices(List<string> reference, List<string> candidate)
    {
        var table = LcsTable(reference, candidate);
        var indices = new List<int>();
        int i = reference.Count, j = candidate.Count;
        while (i > 0 && j > 0)
        {
            if (reference[i - 1] == candidate[j - 1])
            {
                indices.Add(i - 1);
                i--;
                j--;
            }
            else if (table[i, j - 1] > table[i - 1, j])
            {
                j--;
            }
            else
            {
                i--;
            }
        }

        indices.Reverse();
        return indices;
    }
}
