using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Which column of a table ingest took as the text. Ingest puts every other column into metadata, so the text
/// column is the one the table has that metadata lacks: read from the CSV/TSV header, the first JSON line or the
/// SQLite schema (bounded reads, the file only). When it cannot be read, the first usual name metadata lacks.
/// </summary>
internal static class TextColumns
{
    private const int MaxHeaderBytes = 1 << 20;
    private static readonly string[] UsualNames = ["text", "body", "content", "message", "description", "comment", "comments", "note", "notes"];

    public static string Resolve(TableState table)
    {
        try
        {
            if (Header(table) is { } names && names.FirstOrDefault(n => n.Length > 0 && !n.Equals("id", StringComparison.OrdinalIgnoreCase) && !table.Columns.ContainsKey(n)) is { } text) return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or SqliteException or InvalidOperationException)
        {
            // The header is a convenience for the printed command; without it the usual names are tried.
        }

        return UsualNames.FirstOrDefault(n => !table.Columns.Keys.Any(k => k.Equals(n, StringComparison.OrdinalIgnoreCase))) ?? "text";
    }

    private static IReadOnlyList<string>? Header(TableState table)
    {
        int bang = table.Source.IndexOf("!/", StringComparison.Ordinal);
        if (bang >= 0) return SqliteColumns(table.Source[..bang], table.Source[(bang + 2)..]);
        if (!File.Exists(table.Source)) return null;
        string? first = FirstLine(table.Source);
        if (first is null) return null;
        return table.Format switch
        {
            "csv" => first.Split(',').Select(n => n.Trim().Trim('"')).ToList(),
            "tsv" => first.Split('\t').Select(n => n.Trim().Trim('"')).ToList(),
            "jsonl" => JsonDocument.Parse(first).RootElement.EnumerateObject().Select(p => p.Name).ToList(),
            _ => null,
        };
    }

    private static string? FirstLine(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(MaxHeaderBytes, (int)Math.Min(int.MaxValue, stream.Length))];
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var span = buffer.AsSpan(0, read);
        if (span.StartsWith("\xEF\xBB\xBF"u8)) span = span[3..];
        int end = span.IndexOf((byte)'\n');
        return end < 0 ? null : System.Text.Encoding.UTF8.GetString(span[..end]).TrimEnd('\r');
    }

    private static List<string>? SqliteColumns(string file, string table)
    {
        if (!File.Exists(file)) return null;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table) WHERE pk = 0";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}
