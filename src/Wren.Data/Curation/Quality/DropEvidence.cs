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
    /// The parts of <paramref name="text"/> (lines, paragraphs) that occur more than once, most frequent first
    /// (ties: the one seen first), each as <c>3× "text"</c>, at most <see cref="MaxItems"/>, joined by " · ".
    /// Parts are told apart by a 64-bit hash, and only the listed ones become strings: a dropped document may
    /// hold a hundred thousand lines. <paramref name="empty"/> names an empty part ("(empty line)").
    /// </summary>
    public static string Repeated(string text, IEnumerable<(int Start, int Length)> parts, string empty)
    {
        var counts = new Dictionary<ulong, (int Count, int First, int Start, int Length)>();
        int position = 0;
        foreach (var (start, length) in parts)
        {
            ulong key = Text.TextHash.Of(text.AsSpan(start, length));
            counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.First, c.Start, c.Length) : (1, position, start, length);
            position++;
        }
        var repeated = counts.Values.Where(c => c.Count > 1).ToList();
        var top = Top(repeated, c => c.Count, c => c.First);
        return Format(top.Select(c => (c.Count, c.Length == 0 ? empty : Quote(text.Substring(c.Start, c.Length)))).ToList(), repeated.Count);
    }

    /// <summary>The <see cref="MaxItems"/> most frequent items, ties to the one seen first.</summary>
    public static List<T> Top<T>(IEnumerable<T> items, Func<T, int> count, Func<T, int> first) =>
        items.OrderByDescending(count).ThenBy(first).Take(MaxItems).ToList();

    /// <summary>"3× "a" · 2× "b" · and 4 more": the listed items (already the top ones, in order) of <paramref name="total"/>.</summary>
    public static string Format(IReadOnlyList<(int Count, string Item)> top, int total)
    {
        var s = new StringBuilder();
        foreach (var (count, item) in top)
        {
            if (s.Length > 0)
            {
                s.Append(" · ");
            }
            s.Append(count.ToString(Invariant)).Append("× ").Append(item);
        }
        if (total > top.Count)
        {
            s.Append(Invariant, $" · and {total - top.Count} more");
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
