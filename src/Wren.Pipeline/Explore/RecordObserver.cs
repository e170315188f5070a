using System.Globalization;
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

internal sealed class TableState(string source, string format, ulong seed)
{
    public const int DistinctCap = 200;
    private const int SampleSize = 4000;
    private const int ShortValue = 80;
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "format", "row", "line", "record_id", "headers" };
    private readonly Reservoir<RecordSample> _sample = new(SampleSize, seed);

    public string Source { get; } = source;

    public string Format { get; } = format;

    public long Rows { get; private set; }

    public double TextLength { get; private set; }

    public Dictionary<string, ColumnState> Columns { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordSample> Sample => _sample.Items;

    public void Add(Document document)
    {
        Rows++;
        TextLength += document.Text.Length;
        var shortValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in document.Metadata)
        {
            if (Bookkeeping.Contains(name)) continue;
            if (!Columns.TryGetValue(name, out var column)) Columns[name] = column = new ColumnState(name);
            string? value = node switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v => v.ToJsonString(),
                _ => null,
            };
            column.Add(value, node is JsonValue n && n.GetValueKind() == JsonValueKind.Number);
            if (value is { Length: > 0 } && value.Length <= ShortValue) shortValues[name] = value.Trim();
            else if (value is { Length: > ShortValue }) shortValues[name] = value.Length > 2000 ? value[..2000] : value;
        }

        _sample.Offer(document.Id, () => new RecordSample(document.Source, document.Text.Length > 3000 ? document.Text[..3000] : document.Text, shortValues));
    }
}

/// <summary>One column's running statistics.</summary>
internal sealed class ColumnState(string name)
{
    public string Name { get; } = name;

    public long Filled { get; private set; }

    public long Numbers { get; private set; }

    public long Dates { get; private set; }

    public long Questions { get; private set; }

    public double Length { get; private set; }

    public Dictionary<string, long> Values { get; } = new(StringComparer.Ordinal);

    public bool Capped { get; private set; }

    public string? FirstDate { get; private set; }

    public string? LastDate { get; private set; }

    public void Add(string? value, bool number)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        value = value.Trim();
        Filled++;
        Length += value.Length;
        if (number || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) Numbers++;
        else if (value.Length is >= 8 and <= 40 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            Dates++;
            string day = date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (FirstDate is null || string.CompareOrdinal(day, FirstDate) < 0) FirstDate = day;
            if (LastDate is null || string.CompareOrdinal(day, LastDate) > 0) LastDate = day;
        }
        if (value.EndsWith('?')) Questions++;
        if (Capped) return;
        if (Values.TryGetValue(value, out long n)) Values[value] = n + 1;
        else if (Values.Count < TableState.DistinctCap) Values[value] = 1;
        else Capped = true;
    }

    public double MeanLength => Filled == 0 ? 0 : Length / Filled;
}

/// <summary>A sampled row: its source, its text column (capped) and its other values.</summary>
internal sealed record RecordSample(string Source, string Text, IReadOnlyDictionary<string, string> Values);
