using System.Text.RegularExpressions;
using Wren.Data.Tasks;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Takes out of a listed message what names its list, so a routing baseline measures routing by content as the task it
/// proposes would: bracketed subject tags, and the list's footer as the task builder removes it (<see cref="ListFooterStripper"/>).
/// </summary>
internal static partial class ListLeaks
{
    public static string Strip(string subject, string body, string listId)
    {
        var names = ListFooterStripper.ListNames(new Dictionary<string, string>(StringComparer.Ordinal) { ["list-id"] = listId });
        return (Tag().Replace(subject, " ").Trim() + "\n\n" + Tag().Replace(ListFooterStripper.StripBody(body, names), " ")).Trim();
    }

    [GeneratedRegex(@"\[[^\[\]]{1,40}\]")]
    private static partial Regex Tag();
}
