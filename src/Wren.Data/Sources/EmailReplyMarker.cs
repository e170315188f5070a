using System.Text.RegularExpressions;

namespace Wren.Data.Sources;

/// <summary>
/// Finds the parts of an e-mail body that the sender did not write: quoted replies (lines starting with
/// <c>&gt;</c>, an "On ... wrote:" attribution line, also wrapped over two lines as Gmail does, an Outlook
/// "-----Original Message-----" line or a bare Outlook header block ("From:" followed by "Sent:"/"Date:" and
/// "To:"/"Subject:" lines) to the end) and the signature (from the last <c>-- </c> delimiter line, RFC 3676, to the next quote or the end).
/// Ranges are character offsets into the text, end exclusive, so curation can cut them or keep them.
/// </summary>
internal static partial class EmailReplyMarker
{
    // The attribution verbs of the clients seen in real mail: English, mutt's "mentioned"/"said", and the Spanish,
    // German, French and Italian Apple Mail and Outlook write.
    [GeneratedRegex(@"^\s*(On\s.{1,200}\swrote:|.{1,100}\s(wrote|writes|mentioned|said|escribi\u00f3|schrieb|a \u00e9crit|ha scritto)\s?:)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\s*\*?(From|Von|De)\s*:\*?\s+\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^\s*\*?(Sent|Date|Gesendet|Envoy\u00e9)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutlookSent();

    [GeneratedRegex(@"^\s*\*?(To|Subject|An|Betreff|\u00c0|Objet)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutlookTo();

    [GeneratedRegex(@"^\s*On\s.{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^\s*.{0,200}\s(wrote|writes|escribi\u00f3|schrieb|a \u00e9crit|ha scritto)\s?:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributionEnd();

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
                || (line.TrimEnd().EndsWith(':') && Attribution().IsMatch(line));
            if (!restQuoted && ((line.Contains("--", StringComparison.Ordinal) && OriginalMessage().IsMatch(line))
                || (line.Contains(':') && OutlookFrom().IsMatch(line) && IsOutlookHeaderBlock(text, next))))
            {
                restQuoted = true;
                isQuote = true;
            }
            // A wrapped attribution's first line; its second ("... wrote:") is an attribution line by itself.
            isQuote |= line.TrimStart().StartsWith("On ", StringComparison.Ordinal) && AttributionStart().IsMatch(line) && NextLineEndsAttribution(text, next);
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

    /// <summary>
    /// Whether the lines after an Outlook-style "From:" line (from <paramref name="position"/>) are the rest of its
    /// header block: a "Sent:"/"Date:" line and a "To:"/"Subject:" line among the next four, before a blank line. A
    /// sentence that starts with "From:" has no such lines under it.
    /// </summary>
    private static bool IsOutlookHeaderBlock(string text, int position)
    {
        bool sent = false, to = false;
        for (int i = 0; i < 4 && position < text.Length; i++)
        {
            int newline = text.IndexOf('\n', position);
            int lineEnd = newline < 0 ? text.Length : newline;
            ReadOnlySpan<char> line = text.AsSpan(position, lineEnd - position);
            if (line.Trim().IsEmpty) break;
            sent |= OutlookSent().IsMatch(line);
            to |= OutlookTo().IsMatch(line);
            position = newline < 0 ? text.Length : newline + 1;
        }

        return sent && to;
    }

    /// <summary>Whether the line at <paramref name="position"/> ends an attribution that a mail client wrapped ("On Mon, ... John Doe &lt;" / "john@example.com&gt; wrote:").</summary>
    private static bool NextLineEndsAttribution(string text, int position)
    {
        if (position >= text.Length) return false;
        int newline = text.IndexOf('\n', position);
        ReadOnlySpan<char> line = text.AsSpan(position, (newline < 0 ? text.Length : newline) - position);
        return line.TrimEnd().EndsWith(':') && AttributionEnd().IsMatch(line);
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
