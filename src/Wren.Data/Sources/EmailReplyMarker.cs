using System.Text.RegularExpressions;

namespace Wren.Data.Sources;

/// <summary>
/// Finds the parts of an e-mail body that the sender did not write: quoted replies (lines starting with
/// <c>&gt;</c>, an "On ... wrote:" attribution line, an Outlook "-----Original Message-----" block to the
/// end) and the signature (from the last <c>-- </c> delimiter line, RFC 3676, to the next quote or the end).
/// Ranges are character offsets into the text, end exclusive, so curation can cut them or keep them.
/// </summary>
internal static partial class EmailReplyMarker
{
    [GeneratedRegex(@"^\s*(On\s.{1,200}\swrote:|.{1,100}\s(wrote|writes):)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    public readonly record struct Range(int Start, int End);

    public sealed record Marks(IReadOnlyList<Range> Quoted, Range? Signature);

    /// <param name="text">The whole document text.</param>
    /// <param name="bodyStart">Where the body starts in <paramref name="text"/> (after the subject).</param>
    public static Marks Mark(string text, int bodyStart)
    {
        var quoted = new List<Range>();
        int signatureLine = -1;
        int? quoteStart = null;
        int lastQuotedEnd = -1;
        int position = bodyStart;
        bool restQuoted = false;
        while (position <= text.Length)
        {
            int newline = text.IndexOf('\n', position);
            int lineEnd = newline < 0 ? text.Length : newline;
            ReadOnlySpan<char> line = text.AsSpan(position, lineEnd - position);
            int next = newline < 0 ? text.Length + 1 : newline + 1;

            // The regexes only run on lines that can match them (a cheap substring test first): this runs on every line of every mail.
            bool isQuote = restQuoted || line.TrimStart().StartsWith('>')
                || ((line.Contains("wrote:", StringComparison.Ordinal) || line.Contains("writes:", StringComparison.Ordinal)) && Attribution().IsMatch(line));
            if (!restQuoted && line.Contains("--", StringComparison.Ordinal) && OriginalMessage().IsMatch(line))
            {
                restQuoted = true;
                isQuote = true;
            }
            bool blank = line.Trim().IsEmpty;
            if (isQuote)
            {
                quoteStart ??= position;
                lastQuotedEnd = lineEnd;
            }
            else if (!blank && quoteStart is int qs)
            {
                quoted.Add(new Range(qs, lastQuotedEnd));
                quoteStart = null;
            }
            if (!isQuote && (line is "-- " || line is "--"))
            {
                signatureLine = position;
            }
            position = next;
        }
        if (quoteStart is int open)
        {
            quoted.Add(new Range(open, lastQuotedEnd));
        }
        Range? signature = null;
        if (signatureLine >= 0)
        {
            int end = text.Length;
            foreach (Range q in quoted)
            {
                if (q.Start > signatureLine)
                {
                    end = q.Start;
                    break;
                }
            }
            signature = new Range(signatureLine, TrimEnd(text, signatureLine, end));
        }
        return new Marks(quoted, signature);
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return end;
    }
}
