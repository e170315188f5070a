using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Documents;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Watches the rows of every table (a CSV/TSV or JSONL file, a Parquet file, a SQLite table, a query) and keeps per
/// column how often it is filled, its distinct values (up to a cap), its length and whether it looks like a date or
/// a number, and a seeded sample of rows with their short values for the baselines.
/// </summary>
internal sealed class RecordObserver(ulong seed)
{
    private static readonly HashSet<string> RecordFormats = new(StringComparer.Ordinal) { "csv", "tsv", "jsonl", "parquet", "sql", "sqlite" };
    private readonly Dictionary<string, TableState> _tables = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TableState> Tables => _tables;

    public static bool IsRecord(Document document, out string format)
    {
        format = document.Metadata["format"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
        return RecordFormats.Contains(format) || document.Metadata.ContainsKey("row");
    }

    public void Observe(Document document, string format)
    {
        string table = TableOf(document.Source);
        if (!_tables.TryGetValue(table, out var state)) _tables[table] = state = new TableState(table, format, seed);
        state.Add(document);
    }

    /// <summary>A record's table: its source without the row part (<c>tickets.csv</c>, <c>support.db!/tickets</c>).</summary>
    internal static string TableOf(string source)
    {
        int hash = source.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? source : source[..hash];
    }
}
