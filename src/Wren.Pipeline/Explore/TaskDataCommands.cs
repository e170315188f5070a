using System.Text;

namespace Wren.Pipeline.Explore;

/// <summary>
/// The <c>wren task data</c> command lines that build a candidate, in the verb's own syntax (issue 19's builders:
/// records, folders, mail-headers), quoted for a POSIX shell so they can be pasted as printed.
/// </summary>
internal static class TaskDataCommands
{
    /// <param name="include">A glob picking the files of a group of tables under <paramref name="file"/> (a folder then), or null.</param>
    public static string Records(string file, string inputTemplate, string labelColumn, bool rare, string name, string? include = null) =>
        Join("wren task data", Quote(file), "--from records", include is null ? null : "--include " + Quote(include), "--input", Quote(inputTemplate), "--output", Quote("{" + labelColumn + "}"),
            rare ? "--rare other" : null, "--out", Quote("tasks/" + name));

    /// <summary>Rows of one SQLite table, through <c>--sql</c> (a .db file read whole would also read its other tables).</summary>
    public static string SqliteTable(string file, string table, string inputTemplate, string labelColumn, bool rare, string name) =>
        Join("wren task data --from records", "--sql", Quote($"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\""), "--connection", Quote(file),
            "--input", Quote(inputTemplate), "--output", Quote("{" + labelColumn + "}"), rare ? "--rare other" : null, "--out", Quote("tasks/" + name));

    public static string MailHeader(string folder, string header, bool rare, string name) =>
        Join("wren task data", Quote(folder), "--from mail-headers", "--label-header", header, rare ? "--rare drop" : null, "--out", Quote("tasks/" + name));

    public static string Folders(string folder, IReadOnlyList<string> maps, bool rare, string name) =>
        Join(["wren task data", Quote(folder), "--from folders", .. maps.SelectMany(m => new[] { "--map", Quote(m) }), rare ? "--rare drop" : null, "--out", Quote("tasks/" + name)]);

    /// <summary>Single-quoted for a POSIX shell unless it is plain (letters, digits and <c>/._-+=@:,</c>).</summary>
    internal static string Quote(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=@:,".Contains(c))) return value;
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static string Join(params string?[] parts)
    {
        var s = new StringBuilder();
        foreach (string? part in parts)
        {
            if (part is null) continue;
            if (s.Length > 0) s.Append(' ');
            s.Append(part);
        }

        return s.ToString();
    }
}
