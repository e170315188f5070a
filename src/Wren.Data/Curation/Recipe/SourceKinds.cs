using System.Text.Json.Nodes;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Documents;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Which kind each document is (from its <c>metadata.format</c>, as recipe section <c>kinds</c> lists
/// the formats) and that kind's thresholds. Built once per run; read by every task.
/// </summary>
public sealed class SourceKinds
{
    /// <summary>The kind of a document no kind lists the format of: every rule as published for web crawl.</summary>
    public const string Web = "web";

    private readonly Dictionary<string, (string Name, SourceKindOptions Options)> _byFormat = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SourceKindOptions> _byName = new(StringComparer.Ordinal);

    public SourceKinds(KindsOptions options)
    {
        Add("document", options.Document);
        Add("mail", options.Mail);
        Add("record", options.Record);
    }

    private SourceKinds()
    {
    }

    /// <summary>No kinds: every document is <see cref="Web"/> (steps built on their own, in tests and benchmarks).</summary>
    public static SourceKinds None { get; } = new();

    /// <summary>The kind names, in the order the report lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["document", "mail", "record", Web];

    /// <summary>The kind of <paramref name="document"/>: the kind listing its format, else <see cref="Web"/>.</summary>
    public string KindOf(Document document) =>
        document.Metadata.TryGetPropertyValue("format", out var format) && format is JsonValue value && value.TryGetValue(out string? name)
            && _byFormat.TryGetValue(name, out var kind)
            ? kind.Name
            : Web;

    /// <summary>The thresholds of <paramref name="document"/>'s kind, or null for <see cref="Web"/> (the sections' own).</summary>
    public SourceKindOptions? Of(WorkingDocument document) => _byName.GetValueOrDefault(document.Kind);

    private void Add(string name, SourceKindOptions options)
    {
        _byName[name] = options;
        foreach (string format in options.Formats)
        {
            // A format listed by two kinds belongs to the first.
            _byFormat.TryAdd(format, (name, options));
        }
    }
}
