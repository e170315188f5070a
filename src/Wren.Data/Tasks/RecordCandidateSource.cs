using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Documents;
using Wren.Data.Sources;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>
/// Records (CSV/TSV, JSONL, Parquet rows, or a SQLite/PostgreSQL query's rows) made into examples through two
/// templates: <c>--input "{subject}\n\n{body}" --output "{queue}"</c>. A column a template names that a record does
/// not have is an error naming it and the columns there are; a record whose output is empty has no label. With
/// <c>--group COLUMN</c> the records sharing that column's value (a customer, a conversation) share a split.
/// </summary>
public sealed class RecordCandidateSource : TaskCandidateSource
{
    private readonly IReadOnlyList<string> _sources;
    private readonly FieldTemplate _input;
    private readonly FieldTemplate? _output;
    private readonly IReadOnlyList<(string Name, FieldTemplate Template)>? _fields;
    private readonly SourceOptions _options;
    private readonly string? _group;

    public RecordCandidateSource(IReadOnlyList<string> sources, string inputTemplate, string outputTemplate, SourceOptions? options = null, string? groupColumn = null)
    {
        _sources = sources;
        _input = new FieldTemplate(inputTemplate, "--input");
        _output = new FieldTemplate(outputTemplate, "--output");
        _group = groupColumn;
        _options = ReaderOptions(options, _input);
    }

    /// <summary>
    /// Records made into extract examples: the output is a JSON object of the <paramref name="outputFields"/> columns
    /// (values as the record holds them: JSONL and Parquet numbers stay numbers, CSV cells are text until the task's
    /// schema types them). A record whose fields are all empty has no output.
    /// </summary>
    public RecordCandidateSource(IReadOnlyList<string> sources, string inputTemplate, IReadOnlyList<string> outputFields, SourceOptions? options = null, string? groupColumn = null)
    {
        if (outputFields.Count == 0) throw new WrenException("--fields names no column");
        _sources = sources;
        _input = new FieldTemplate(inputTemplate, "--input");
        _fields = outputFields.Select(f => (f, new FieldTemplate("{" + f + "}", "--fields"))).ToList();
        _group = groupColumn;
        _options = ReaderOptions(options, _input);
    }

    private static SourceOptions ReaderOptions(SourceOptions? options, FieldTemplate input)
    {
        // The reader makes the first field of the input template the document text; every other column goes to metadata.
        var given = options ?? new SourceOptions();
        return given with { TextColumn = given.TextColumn ?? input.Fields[0], TextField = given.TextField ?? input.Fields[0] };
    }

    public override TaskBuilderSettings Settings => new()
    {
        Kind = "records",
        Sources = _sources,
        Options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["sql"] = _options.Sql ?? "",
            ["group"] = _group ?? "",
            ["fields"] = _fields is null ? "" : string.Join(",", _fields.Select(f => f.Name)),
        },
    };

    public override string? InputTemplate => _input.Text;

    public override string? OutputTemplate => _output?.Text;

    public override async Task<List<TaskCandidate>> ReadAsync(IProgressSink? progress, CancellationToken cancellationToken)
    {
        var documents = new DocumentSources(_sources, _options);
        var candidates = new List<TaskCandidate>();
        string textName = _options.TextColumn!;
        await foreach (var document in documents.ReadAsync(progress, cancellationToken).ConfigureAwait(false))
        {
            string source = RecordSource(document);
            string? Lookup(string name) => name.Equals(textName, StringComparison.OrdinalIgnoreCase) ? document.Text : Field(document, name);
            IEnumerable<string> Available() => [textName, .. document.Metadata.Select(p => p.Key).Where(k => k is not ("format" or "row" or "line" or "record_id"))];
            string input = _input.Render(Lookup, source, Available).Trim();
            string label = _output is not null ? _output.Render(Lookup, source, Available).Trim() : FieldsObject(Lookup, source, Available, document);
            if (label.Length == 0)
            {
                Unlabelled++;
                continue;
            }

            if (input.Length == 0)
            {
                Empty++;
                continue;
            }

            string group = _group is null ? source : "group:" + (_group.Equals(textName, StringComparison.OrdinalIgnoreCase) ? document.Text : Field(document, _group)
                ?? throw new WrenException($"{source}: no field '{_group}' (--group); fields are: {string.Join(", ", Available())}"));
            candidates.Add(new TaskCandidate(input, label, source, group));
        }

        Errors = documents.Errors.Where(e => !IsAttachment(e.File)).ToList();
        return candidates;
    }

    /// <summary>The extract output: a JSON object of the named fields, or empty when every one is empty.</summary>
    private string FieldsObject(Func<string, string?> lookup, string source, Func<IEnumerable<string>> available, Document document)
    {
        var output = new JsonObject();
        bool any = false;
        foreach (var (name, template) in _fields!)
        {
            string text = template.Render(lookup, source, available).Trim();
            any |= text.Length > 0;
            // A typed metadata value (a JSONL number) keeps its type; text stays text.
            var node = FieldNode(document, name);
            output[name] = node is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? node.DeepClone() : JsonValue.Create(text);
        }

        return any ? output.ToJsonString() : "";
    }

    private static JsonNode? FieldNode(Document document, string name)
    {
        foreach (var (key, value) in document.Metadata)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>A record's own source: the file and its row or line (<c>tickets.csv#row:12</c>), or the SQL source and id.</summary>
    private static string RecordSource(Document document)
    {
        if (document.Source.Contains('#', StringComparison.Ordinal)) return document.Source;
        foreach (string key in new[] { "row", "line" })
            if (document.Metadata[key] is JsonValue v) return $"{document.Source}#{key}:{v.ToJsonString()}";
        return document.Source;
    }

    private static string? Field(Document document, string name)
    {
        foreach (var (key, value) in document.Metadata)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return ValueText(value) ?? "";
        return null;
    }

    /// <summary>A metadata value as template text: strings as they are, numbers and booleans in JSON's spelling, null as empty.</summary>
    internal static string? ValueText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
