using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Data.Tasks;

/// <summary>
/// Removes what a mailing-list server adds to a message, so that a model routing mail to its list learns from what
/// the author wrote and not from the footer that names the list. The list's names come from the message's own
/// <c>List-*</c> headers (the List-Id, the local parts of its mailto: addresses without -request/-unsubscribe, the
/// last segment of its URLs). A line reveals the list when it names one of them as an address (<c>ilug@</c>), in a
/// URL path (<c>/listinfo/fork</c>) or as "... mailing list". The footer is cut from the first revealing line among
/// the last <see cref="TailLines"/> lines, together with the separators above it and one sponsor block between two
/// separators (SourceForge's "This sf.net email is sponsored by" block); a footer quoted in a reply is removed the
/// same way (quote marks aside), with the few footer lines under its revealing line. Hand-written: no library knows
/// list footers.
/// </summary>
public static partial class ListFooterStripper
{
    /// <summary>How far from the end (in non-blank lines) a footer may start.</summary>
    public const int TailLines = 25;

    private static readonly string[] ListHeaders = ["list-id", "list-post", "list-unsubscribe", "list-subscribe", "list-help", "list-archive", "list-owner"];
    private static readonly string[] AddressSuffixes = ["-request", "-unsubscribe", "-subscribe", "-owner", "-admin", "-help", "-bounces"];

    /// <summary>The list's names from a message's headers (lower-case names to values), lower-case, longest first.</summary>
    public static IReadOnlyList<string> ListNames(IReadOnlyDictionary<string, string> headers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string header in ListHeaders)
        {
            if (!headers.TryGetValue(header, out string? value) || string.IsNullOrWhiteSpace(value)) continue;
            if (header == "list-id")
            {
                string id = AngleContent().Match(value) is { Success: true } m ? m.Groups[1].Value : value.Trim();
                Add(names, id.Split('.')[0]);
                continue;
            }

            foreach (Match address in MailtoAddress().Matches(value)) Add(names, StripSuffix(address.Groups[1].Value));
            foreach (Match url in HttpUrl().Matches(value))
            {
                string path = url.Groups[1].Value.TrimEnd('/');
                int slash = path.LastIndexOf('/');
                if (slash >= 0 && slash < path.Length - 1) Add(names, path[(slash + 1)..]);
            }
        }

        var list = names.ToList();
        list.Sort((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : string.CompareOrdinal(a, b));
        return list;
    }

    /// <summary>The body without the list footer and without other footers (quoted in replies) that name the list.</summary>
    public static string StripBody(string body, IReadOnlyList<string> names)
    {
        if (names.Count == 0 || body.Length == 0) return body;
        var lines = body.Split('\n');
        // Quoted footers are recognised by what they say, so each line is looked at without its quote marks.
        var content = new string[lines.Length];
        for (int i = 0; i < lines.Length; i++) content[i] = QuoteMarks().Replace(lines[i], "");
        int end = lines.Length;

        // The footer: the first revealing, unquoted line among the last TailLines non-blank lines, to the end.
        int tailStart = end, nonBlank = 0;
        while (tailStart > 0 && nonBlank < TailLines)
        {
            tailStart--;
            if (lines[tailStart].Trim().Length > 0) nonBlank++;
        }

        for (int i = tailStart; i < end; i++)
        {
            if (IsQuoted(lines[i]) || !Reveals(lines[i], names)) continue;
            end = FooterStart(content, i);
            break;
        }

        // Elsewhere (a footer quoted in a reply): the revealing line's block, from its separators and sponsor block
        // above to the few footer lines under it ("List maintainer: ...").
        var removed = new bool[end];
        for (int i = 0; i < end; i++)
        {
            if (removed[i] || !Reveals(content[i], names)) continue;
            int from = FooterStart(content, i), to = i + 1;
            while (to < end && to - i <= 3 && content[to].Trim().Length > 0 && !IsSeparator(content[to])) to++;
            for (int j = from; j < to; j++) removed[j] = true;
        }

        var kept = new StringBuilder(body.Length);
        for (int i = 0; i < end; i++)
        {
            if (!removed[i]) kept.Append(lines[i]).Append('\n');
        }

        return kept.ToString().TrimEnd();
    }

    /// <summary>Whether a line names the list as an address (also its -request, -admin... addresses), in a URL path, or as "NAME mailing list".</summary>
    public static bool Reveals(string line, IReadOnlyList<string> names)
    {
        foreach (string name in names)
        {
            int from = 0;
            while (from < line.Length)
            {
                int at = line.IndexOf(name, from, StringComparison.OrdinalIgnoreCase);
                if (at < 0) break;
                from = at + 1;
                int after = at + name.Length;
                if (at > 0 && IsNameChar(line[at - 1])) continue;
                foreach (string suffix in AddressSuffixes)
                {
                    if (string.Compare(line, after, suffix, 0, suffix.Length, StringComparison.OrdinalIgnoreCase) == 0 && after + suffix.Length < line.Length && line[after + suffix.Length] == '@')
                        return true;
                }

                if (after < line.Length && IsNameChar(line[after])) continue;
                if (after < line.Length && line[after] == '@') return true;
                if (at > 0 && line[at - 1] == '/') return true;
                if (line.AsSpan(after).TrimStart().StartsWith("mailing list", StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return false;
    }

    /// <summary>Where the footer whose first revealing line is <paramref name="first"/> starts: the separators and one sponsor block above it.</summary>
    private static int FooterStart(string[] lines, int first)
    {
        int start = first;
        bool sponsorTaken = false;
        while (true)
        {
            int above = start - 1;
            while (above >= 0 && lines[above].Trim().Length == 0) above--;
            if (above < 0) return 0;
            if (IsSeparator(lines[above]))
            {
                start = above;
                continue;
            }

            // A sponsor block: up to five lines directly under a long separator, directly above a separator.
            if (sponsorTaken || !IsSeparator(lines[start])) return start;
            int top = above;
            while (top >= 0 && above - top < 5 && lines[top].Trim().Length > 0 && !IsSeparator(lines[top]) && !IsQuoted(lines[top])) top--;
            if (top < 0 || !IsLongSeparator(lines[top])) return start;
            start = top;
            sponsorTaken = true;
        }
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.';

    private static bool IsQuoted(string line) => line.TrimStart().StartsWith('>');

    private static bool IsSeparator(string line) => Separator().IsMatch(line);

    private static bool IsLongSeparator(string line) => LongSeparator().IsMatch(line);

    private static void Add(HashSet<string> names, string name)
    {
        name = name.Trim().ToLowerInvariant();
        // Two-letter names ("sf") would match too much ordinary text.
        if (name.Length >= 3) names.Add(name);
    }

    private static string StripSuffix(string local)
    {
        foreach (string suffix in AddressSuffixes)
            if (local.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return local[..^suffix.Length];
        return local;
    }

    [GeneratedRegex(@"^[ \t]*(>[ \t]?)+")]
    private static partial Regex QuoteMarks();

    [GeneratedRegex(@"<([^>]+)>")]
    private static partial Regex AngleContent();

    [GeneratedRegex(@"mailto:([^@\s<>?]+)@", RegexOptions.IgnoreCase)]
    private static partial Regex MailtoAddress();

    [GeneratedRegex(@"https?://[^/\s<>]+(/[^\s<>?]*)", RegexOptions.IgnoreCase)]
    private static partial Regex HttpUrl();

    [GeneratedRegex(@"^\s*(--\s?|[-_=*~#]{3,})\s*$")]
    private static partial Regex Separator();

    [GeneratedRegex(@"^\s*[-_=*~#]{20,}\s*$")]
    private static partial Regex LongSeparator();
}
