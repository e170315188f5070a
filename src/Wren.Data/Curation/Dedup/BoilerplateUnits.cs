using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// The pieces of text that cross-document boilerplate removal counts and removes: trimmed lines, and
/// paragraphs (two or more non-blank lines between blank lines, trimmed), both at least a minimum
/// length. A paragraph that is the document's whole text is not a unit (that is a duplicate
/// document, dedup's business). Paragraph hashes live in their own domain, so a one-line text and a
/// paragraph never share a count.
/// </summary>
public static class BoilerplateUnits
{
    private const ulong ParagraphDomain = 0x5041_5241_4752_4150UL; // "PARAGRAP"

    public static ulong LineHash(ReadOnlySpan<char> trimmedLine) => TextHash.Of(trimmedLine);

    public static ulong ParagraphHash(ReadOnlySpan<char> trimmedParagraph) => TextHash.Combine(TextHash.Of(trimmedParagraph), ParagraphDomain);

    /// <summary>Adds the hashes of the document's lines and paragraphs to <paramref name="hashes"/> (a set, so each counts once per document).</summary>
    public static void Collect(string text, int minChars, HashSet<ulong> hashes)
    {
        var lines = TextLines.SplitOnNewline(text);
        foreach (var range in lines)
        {
            ReadOnlySpan<char> line = text.AsSpan(range).Trim();
            if (line.Length >= minChars)
            {
                hashes.Add(LineHash(line));
            }
        }
        foreach (var (first, end) in Paragraphs(text, lines))
        {
            ReadOnlySpan<char> paragraph = Span(text, lines, first, end);
            if (paragraph.Length >= minChars)
            {
                hashes.Add(ParagraphHash(paragraph));
            }
        }
    }

    /// <summary>Paragraphs as line index ranges [First, End) over <paramref name="lines"/>: runs of two or more non-blank lines, not the whole text.</summary>
    public static List<(int First, int End)> Paragraphs(string text, List<Range> lines)
    {
        var paragraphs = new List<(int, int)>();
        int first = -1;
        int nonBlankFirst = -1, nonBlankLast = -1;
        for (int i = 0; i <= lines.Count; i++)
        {
            bool blank = i == lines.Count || text.AsSpan(lines[i]).IsWhiteSpace();
            if (!blank)
            {
                if (first < 0)
                {
                    first = i;
                }
                if (nonBlankFirst < 0)
                {
                    nonBlankFirst = i;
                }
                nonBlankLast = i;
                continue;
            }
            if (first >= 0 && i - first >= 2)
            {
                paragraphs.Add((first, i));
            }
            first = -1;
        }
        if (paragraphs.Count == 1 && paragraphs[0].Item1 == nonBlankFirst && paragraphs[0].Item2 == nonBlankLast + 1)
        {
            paragraphs.Clear();
        }
        return paragraphs;
    }

    /// <summary>The trimmed text of lines [first, end).</summary>
    public static ReadOnlySpan<char> Span(string text, List<Range> lines, int first, int end) =>
        text.AsSpan(lines[first].Start.Value, lines[end - 1].End.Value - lines[first].Start.Value).Trim();
}
