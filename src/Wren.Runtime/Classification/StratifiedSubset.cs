namespace Wren.Runtime.Classification;

/// <summary>
/// A seeded, stratified share of labelled examples (for learning curves): each label keeps round(fraction x its count)
/// of its examples, at least one, chosen by a seeded hash of the input, so a larger share of the same examples always
/// contains a smaller one and the choice does not depend on the examples' order.
/// </summary>
public static class StratifiedSubset
{
    public static IReadOnlyList<LabeledText> Take(IReadOnlyList<LabeledText> examples, double fraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (fraction >= 1) return examples;
        var kept = new List<LabeledText>();
        foreach (var group in examples.GroupBy(e => e.Label, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(e => Hash(e.Input, seed)).ThenBy(e => e.Input, StringComparer.Ordinal).ToList();
            kept.AddRange(ordered.Take(Math.Max(1, (int)Math.Round(fraction * ordered.Count))));
        }

        return kept;
    }

    /// <summary>FNV-1a over the UTF-16 code units, seeded: stable across runs and machines (string.GetHashCode is not).</summary>
    private static ulong Hash(string text, ulong seed)
    {
        ulong h = 14695981039346656037UL ^ seed;
        foreach (char c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }

        return h;
    }
}
