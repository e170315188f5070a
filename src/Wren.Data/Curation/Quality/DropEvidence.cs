using System.Globalization;
using System.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// The evidence a dropped document carries, in words a person can check against its text: a measure
/// beside its threshold, and for repetition the repeated lines, paragraphs or n-grams with their
/// counts. Built only when a rule fires (a few per cent of documents), so it may count with strings.
/// </summary>
public static class DropEvidence
{
    /// <summary>Repeated items listed at most.</summary>
    public const int MaxItems = 5;

    /// <summary>Characters of one quoted item at most.</summary>
    public const int MaxQuote = 80;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A measure against its threshold: "42 words < min_doc_words 50".</summary>
    public static string Measure(string what, double value, string comparison, string setting, double threshold) =>
        string.Create(Invariant, $"{Number(value)} {what} {comparison} {setting} {Number(threshold)}");

    /// <summary>A number as the evidence shows it: integers whole, fractions to four places.</summary>
    public static string Number(double value) =>
        double.IsFinite(value) && value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("N0", Invariant)
            : value.ToString("0.####", Invariant);

    /// <summary>
    /// The items that occur more than once, most frequent first (ties: the one seen first), each as
    /// <c>3× "text"</c>, at most <see cref="MaxItems"/>, joined by " · ". <paramref name="empty"/> names
    /// an empty item ("(empty line)").
    /// </summary>
    public static string Repeated(IEnumerable<string> items, string empty)
    {
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        int position = 0;
        foreach (string item in items)
        {
            counts[item] = counts.TryGetValue(item, out var c) ? (c.Count + 1, c.First) : (1, position);
            position++;
        }
        var repeated = counts.Where(kv => kv.Value.Count > 1)
            .OrderByDescending(kv => kv.Value.Count)
            .ThenBy(kv => kv.Value.First)
            .ToList();
        var s = new StringBuilder();
        foreach (var (item, (count, _)) in repeated.Take(MaxItems))
        {
            if (s.Length > 0)
            {
                s.Append(" · ");
            }
            s.Append(count.ToString(Invariant)).Append("× ").Append(item.Length == 0 ? empty : Quote(item));
        }
        if (repeated.Count > MaxItems)
        {
            s.Append(Invariant, $" · and {repeated.Count - MaxItems} more");
        }
        return s.ToString();
    }

    /// <summary>A text in double quotes, shortened to <see cref="MaxQuote"/> characters, on one line.</summary>
    public static string Quote(string text)
    {
        string one = text.ReplaceLineEndings(" ");
        return "\"" + (one.Length <= MaxQuote ? one : one[..MaxQuote] + "…") + "\"";
    }
}
