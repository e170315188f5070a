using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Takes out of a listed message what names its list, so a routing baseline measures routing by content: bracketed
/// subject tags, and body lines that name the list or carry its footer (listinfo links, unsubscribe lines). A
/// lighter cousin of the task builder's list-footer stripper (issue 19), which the lead may put in its place.
/// </summary>
internal static partial class ListLeaks
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase) { "com", "org", "net", "list", "lists", "mail", "mailman", "www", "sourceforge", "example", "info", "listserv" };

    public static string Strip(string subject, string body, string listId)
    {
        var names = listId.Split('.', '-', '@', '_').Where(p => p.Length >= 3 && !Common.Contains(p)).ToList();
        var text = new StringBuilder(Tag().Replace(subject, " ").Trim()).Append("\n\n");
        foreach (string line in body.Split('\n'))
        {
            if (Footer().IsMatch(line) || names.Any(n => line.Contains(n, StringComparison.OrdinalIgnoreCase))) continue;
            text.Append(Tag().Replace(line, " ")).Append('\n');
        }

        return text.ToString().Trim();
    }

    [GeneratedRegex(@"\[[^\[\]]{1,40}\]")]
    private static partial Regex Tag();

    [GeneratedRegex(@"(?i)(listinfo|unsubscribe|mailing list|list-admin|list archive|^_{10,}|^-{2,} ?$)")]
    private static partial Regex Footer();
}
