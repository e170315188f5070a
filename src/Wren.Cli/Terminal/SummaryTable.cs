using Spectre.Console;

namespace Wren.Cli.Terminal;

/// <summary>The pieces every verb's summary is made of: a two-column table (what, then its value) and a long list cut short.</summary>
internal static class SummaryTable
{
    /// <summary>A rounded table of two columns without headers, filled with <c>AddRow(name, value)</c>.</summary>
    public static Table Create() => new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("").HideHeaders();

    /// <summary>The first <paramref name="shown"/> lines (markup), indented, then how many more there are.</summary>
    public static void WriteSome(IAnsiConsole console, IReadOnlyCollection<string> lines, int shown)
    {
        foreach (string line in lines.Take(shown)) console.MarkupLine("  " + line);
        if (lines.Count > shown) console.MarkupLine($"  ... and {lines.Count - shown} more");
    }
}
