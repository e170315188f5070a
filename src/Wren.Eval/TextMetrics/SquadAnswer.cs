using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Eval.TextMetrics;

/// <summary>
/// Exact match and token F1 as SQuAD's official evaluation script defines them (Rajpurkar et al. 2016; the v2.0
/// script, <c>evaluate-v2.0.py</c>): both texts are normalised (lower case, ASCII punctuation removed, the articles
/// <c>a</c>, <c>an</c>, <c>the</c> removed, whitespace collapsed), exact match compares the normalised texts, and F1 is
/// the harmonic mean of precision and recall over the bag of normalised tokens. As v2.0 does, two texts with no
/// tokens at all match (F1 1), and one empty against one not scores 0.
/// </summary>
public static class SquadAnswer
{
    // The script removes articles as whole words after removing punctuation.
    private static readonly Regex Articles = new(@"\b(a|an|the)\b", RegexOptions.CultureInvariant);

    /// <summary>SQuAD's <c>normalize_answer</c>.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', Tokens(text));
    }

    public static bool ExactMatch(string prediction, string reference) => Normalize(prediction) == Normalize(reference);

    public static double F1(string prediction, string reference)
    {
        var predicted = Tokens(prediction);
        var gold = Tokens(reference);
        if (predicted.Count == 0 || gold.Count == 0) return predicted.Count == gold.Count ? 1 : 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string t in gold) counts[t] = counts.GetValueOrDefault(t) + 1;
        int same = 0;
        foreach (string t in predicted)
        {
            if (counts.TryGetValue(t, out int left) && left > 0)
            {
                same++;
                counts[t] = left - 1;
            }
        }

        if (same == 0) return 0;
        double precision = (double)same / predicted.Count, recall = (double)same / gold.Count;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>The normalised tokens: Python's <c>lower()</c>, <c>string.punctuation</c> dropped, articles dropped, <c>split()</c>.</summary>
    internal static List<string> Tokens(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (char c in text.ToLowerInvariant())
        {
            // string.punctuation: the printable ASCII characters that are neither letters, digits nor space.
            if (c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~')) continue;
            kept.Append(c);
        }

        string withoutArticles = Articles.Replace(kept.ToString(), " ");
        return [.. withoutArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
    }

}
