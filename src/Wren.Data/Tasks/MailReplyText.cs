using System.Text;
using System.Text.RegularExpressions;
using Wren.Data.Sources;

namespace Wren.Data.Tasks;

/// <summary>
/// What the sender of a message wrote: its body without the mailing list's footer (<see cref="ListFooterStripper"/>),
/// the quoted message it answers ("&gt; " lines, "On ... wrote:", Outlook's "-----Original Message-----" or
/// "From:/Sent:/To:" block to the end) and its signature (from the "-- " delimiter), as
/// <see cref="EmailReplyMarker"/> finds them; runs of blank lines left where the quotes were become one. A footer
/// that does not name the list in the message's headers (Yahoo! Groups names the group, the headers an alias) is
/// found by what footers say (<see cref="CutGenericFooter"/>).
/// </summary>
public static partial class MailReplyText
{
    /// <summary>How far from the end (in non-blank lines) a footer found by its wording may start.</summary>
    private const int FooterTailLines = 12;

    [GeneratedRegex(@"unsubscribe|mailing list|yahoo! groups|/listinfo|sponsored by|list maintainer|list-request", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FooterWording();

    [GeneratedRegex(@"^\s*[-_=~*]{5,}|[-_=~*]{5,}[>]?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    /// <param name="body">The message body, newlines normalized to \n.</param>
    /// <param name="listNames">The mailing list's names from the message's List-* headers (<see cref="ListFooterStripper.ListNames"/>).</param>
    public static string OwnText(string body, IReadOnlyList<string> listNames)
    {
        ArgumentNullException.ThrowIfNull(body);
        string text = CutGenericFooter(ListFooterStripper.StripBody(body, listNames));
        var marks = EmailReplyMarker.Mark(text, 0);
        var cuts = new List<EmailReplyMarker.Range>(marks.Quoted);
        if (marks.Signature is { } signature) cuts.Add(signature);
        cuts.Sort((a, b) => a.Start.CompareTo(b.Start));

        var kept = new StringBuilder(text.Length);
        int position = 0;
        foreach (var cut in cuts)
        {
            if (cut.Start > position) kept.Append(text, position, cut.Start - position);
            position = Math.Max(position, cut.End);
        }

        if (position < text.Length) kept.Append(text, position, text.Length - position);
        return Tidy(kept.ToString());
    }

    /// <summary>
    /// Cuts a list footer by its wording: the first unquoted line among the last <see cref="FooterTailLines"/>
    /// non-blank lines that says "unsubscribe", "mailing list", "Yahoo! Groups"... and is a separator, follows one, or
    /// is among the last six lines (so a sentence of the sender's own that mentions a mailing list higher up stays), to
    /// the end, with the separator lines above it.
    /// </summary>
    internal static string CutGenericFooter(string text)
    {
        var lines = text.Split('\n');
        int tail = lines.Length, nonBlank = 0;
        var lastSix = lines.Length;
        while (tail > 0 && nonBlank < FooterTailLines)
        {
            tail--;
            if (lines[tail].Trim().Length == 0) continue;
            nonBlank++;
            if (nonBlank == 6) lastSix = tail;
        }

        if (nonBlank < 6) lastSix = tail;
        for (int i = tail; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.TrimStart().StartsWith('>') || !FooterWording().IsMatch(line)) continue;
            int above = i - 1;
            while (above >= 0 && lines[above].Trim().Length == 0) above--;
            bool separated = Separator().IsMatch(line) || (above >= 0 && Separator().IsMatch(lines[above]));
            if (!separated && i < lastSix) continue;
            int start = i;
            while (start > 0 && (lines[start - 1].Trim().Length == 0 || Separator().IsMatch(lines[start - 1]))) start--;
            return string.Join('\n', lines, 0, start);
        }

        return text;
    }

    /// <summary>Trailing spaces off each line, at most one blank line in a row, no blank lines at either end.</summary>
    private static string Tidy(string text)
    {
        var s = new StringBuilder(text.Length);
        int blanks = 0;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.Length == 0)
            {
                blanks++;
                continue;
            }

            if (s.Length > 0) s.Append(blanks > 0 ? "\n\n" : "\n");
            blanks = 0;
            s.Append(line);
        }

        return s.ToString();
    }
}
