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
