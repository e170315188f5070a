using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Documents;

namespace Wren.Pipeline.Explore;

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

    public IReadOnlyList<RecordSample> Sample => _merged ?? _sample.Items;

    /// <summary>The files of a group of tables with the same columns, merged into one (see <see cref="Merge"/>); just this one otherwise.</summary>
    public IReadOnlyList<string> Members { get; private init; } = [];

    private IReadOnlyList<RecordSample>? _merged;

    /// <summary>
    /// Tables of one schema (the same format and columns: monthly exports, one file per team) as one table, so they make
    /// one candidate with all their rows: counts and distinct values added, samples dealt in turn up to the cap.
    /// </summary>
    public static TableState Merge(IReadOnlyList<TableState> tables)
    {
        if (tables.Count == 1) return tables[0];
        var merged = new TableState(tables[0].Source, tables[0].Format, 0) { Members = tables.Select(t => t.Source).ToList() };
        foreach (var t in tables)
        {
            merged.Rows += t.Rows;
            merged.TextLength += t.TextLength;
            foreach (var (name, column) in t.Columns)
            {
                if (!merged.Columns.TryGetValue(name, out var into)) merged.Columns[name] = into = new ColumnState(name);
                into.Merge(column);
            }
        }

        var samples = tables.Select(t => t.Sample).ToList();
        var dealt = new List<RecordSample>();
        for (int i = 0; dealt.Count < SampleSize && samples.Any(s => i < s.Count); i++)
            foreach (var s in samples)
                if (i < s.Count && dealt.Count < SampleSize) dealt.Add(s[i]);
        merged._merged = dealt;
        return merged;
    }

    /// <summary>What makes tables one schema: the format and the sorted column names.</summary>
    public string SchemaKey => Format + ":" + string.Join(",", Columns.Keys.Order(StringComparer.Ordinal));

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
