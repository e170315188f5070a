using System.Text;
using Microsoft.Data.Sqlite;

namespace Wren.Data.Sources;

/// <summary>
/// A SQLite database found among the sources (<c>.db</c>, <c>.sqlite</c>, <c>.sqlite3</c>, <c>.db3</c>): every
/// table with a text column becomes one document per row, read as <c>--sql</c> reads a query. The text is the
/// <see cref="SourceOptions.TextColumn"/> when the table has it, else a column named text/body/content/...,
/// else the table's first text column; the id is the primary key (or the rowid), and the other columns go to
/// metadata. Source: <c>FILE!/TABLE#ID</c>. A file without SQLite's header is an error, not a guess.
/// </summary>
internal sealed class SqliteFileReader : IDocumentReader
{
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    public string Format => "sqlite";

    public bool CanRead(string fileName) =>
        fileName.EndsWith(".db", StringComparison.Ordinal) || fileName.EndsWith(".sqlite", StringComparison.Ordinal) ||
        fileName.EndsWith(".sqlite3", StringComparison.Ordinal) || fileName.EndsWith(".db3", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        // SQLite reads a file by path, and the input may be an archive entry: it is read from a private copy,
        // which also keeps SQLite from touching the source (journals, locks).
        string copy = Path.Combine(Path.GetTempPath(), "wren-" + Guid.NewGuid().ToString("N") + ".sqlite");
        try
        {
            await using (Stream source = file.Open())
            await using (var target = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }
            if (!HasSqliteHeader(copy)) throw new Wren.Runtime.WrenException("not a SQLite database (no 'SQLite format 3' header)");
            foreach (var (table, query) in TableQueries(copy, context.Options.TextColumn))
            {
                var rows = SqlSource.ForSqliteFile(query, copy, $"{file.Name}!/{table}");
                await rows.ReadAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static bool HasSqliteHeader(string path)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual(Magic);
    }

    /// <summary>For each table with a text column: SELECT id, text, other columns FROM it.</summary>
    private static List<(string Table, string Query)> TableQueries(string path, string? textColumn)
    {
        var queries = new List<(string, string)>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        try
        {
            connection.Open();
            var tables = new List<(string Name, bool WithoutRowid)>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    string sql = reader.IsDBNull(1) ? "" : reader.GetString(1);
                    tables.Add((reader.GetString(0), sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase)));
                }
            }
            foreach (var (table, withoutRowid) in tables)
            {
                var columns = new List<(string Name, string Type, int KeyPosition)>();
                using (var info = connection.CreateCommand())
                {
                    info.CommandText = $"PRAGMA table_info({Quote(table)})";
                    using var reader = info.ExecuteReader();
                    while (reader.Read()) columns.Add((reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetInt32(5)));
                }
                // SQLite's rule for text affinity: the declared type mentions CHAR, CLOB or TEXT.
                var text = columns.Where(c => c.Type.Contains("CHAR", StringComparison.OrdinalIgnoreCase) || c.Type.Contains("CLOB", StringComparison.OrdinalIgnoreCase) ||
                    c.Type.Contains("TEXT", StringComparison.OrdinalIgnoreCase)).Select(c => c.Name).ToList();
                if (text.Count == 0) continue;
                string chosen = text.FirstOrDefault(n => string.Equals(n, textColumn, StringComparison.OrdinalIgnoreCase))
                    ?? RecordFields.DefaultTextNames.Select(d => text.FirstOrDefault(n => string.Equals(n, d, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(n => n is not null)
                    ?? text[0];
                var keys = columns.Where(c => c.KeyPosition > 0).ToList();
                string id = keys.Count == 1 ? keys[0].Name : withoutRowid ? columns[0].Name : "rowid";
                var select = new StringBuilder("SELECT ").Append(Quote(id)).Append(", ").Append(Quote(chosen));
                foreach (var c in columns)
                {
                    if (c.Name != id && c.Name != chosen) select.Append(", ").Append(Quote(c.Name));
                }
                select.Append(" FROM ").Append(Quote(table)).Append(" ORDER BY ").Append(Quote(id));
                queries.Add((table, select.ToString()));
            }
        }
        catch (SqliteException e)
        {
            throw new Wren.Runtime.WrenException($"not a readable SQLite database ({e.Message})");
        }
        return queries;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
