using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// JSON Lines (<c>.jsonl</c>, <c>.ndjson</c>, also compressed <c>.jsonl.gz</c>/<c>.jsonl.zst</c>), streamed line
/// by line: one document per object, the text from <see cref="SourceOptions.TextField"/> (else a field named
/// text/body/content/...), every other field into metadata (a nested <c>metadata</c> object is merged in, so
/// Wren's own shards read back as they were). A bad line is reported as <c>FILE:LINE</c> and skipped.
/// Location: <c>line:N</c>.
/// </summary>
internal sealed class JsonLinesReader : IDocumentReader
{
    public string Format => "jsonl";

    public bool CanRead(string fileName) => JsonlReader.IsJsonl(fileName) || fileName.EndsWith(".jsonl.gz", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        await using Stream raw = file.Open();
        Stream decompressed = Decompress(raw, file.FileName);
        await using Stream stream = ReferenceEquals(decompressed, raw)
            ? raw
            : new ExpansionLimitStream(decompressed, context, ExpansionLimitStream.ConsumedOf(raw));
        using var text = new StreamReader(stream, TextEncodingDetector.StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var reader = new BoundedLineReader(text, context.Options.MaxDocumentChars);
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine(out bool tooLong)) is not null)
        {
            lineNumber++;
            string where = $"{file.Name}:{lineNumber}";
            if (tooLong)
            {
                context.ReportError(where, Format, $"a line longer than --max-document-chars ({context.Options.MaxDocumentChars:N0} characters); skipped");
                continue;
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            Document? document;
            try
            {
                document = ToDocument(line, file.Name, lineNumber, context.Options.TextField);
            }
            catch (Exception e) when (e is JsonException or Wren.Runtime.WrenException or InvalidOperationException)
            {
                context.ReportError(where, Format, e is Wren.Runtime.WrenException ? e.Message : $"not a JSON object ({e.Message})");
                continue;
            }
            if (document is not null)
            {
                await context.EmitAsync(document, Format, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal static Stream Decompress(Stream raw, string fileName)
    {
        string lower = fileName.ToLowerInvariant();
        if (lower.EndsWith(".gz", StringComparison.Ordinal))
        {
            return new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true);
        }
        if (lower.EndsWith(".zst", StringComparison.Ordinal) || lower.EndsWith(".zstd", StringComparison.Ordinal))
        {
            return new ZstdSharp.DecompressionStream(raw, leaveOpen: true);
        }
        return raw;
    }

    private Document? ToDocument(string line, string source, long lineNumber, string? textField)
    {
        if (JsonNode.Parse(line) is not JsonObject obj)
        {
            throw new Wren.Runtime.WrenException("not a JSON object");
        }
        var names = new List<string>(obj.Count);
        foreach (var (name, _) in obj)
        {
            names.Add(name);
        }
        int index = RecordFields.ChooseText(names, textField, "--text-field");
        string textName = names[index];
        JsonNode? textNode = obj[textName];
        if (textNode is null)
        {
            return null;
        }
        string text = textNode.GetValueKind() == JsonValueKind.String ? textNode.GetValue<string>() : textNode.ToJsonString();
        text = TextEncodingDetector.NormalizeNewlines(text).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        var metadata = new JsonObject { ["format"] = Format, ["line"] = lineNumber };
        foreach (string name in names)
        {
            if (name == textName)
            {
                continue;
            }
            JsonNode? value = obj[name];
            if (name == "metadata" && value is JsonObject nested)
            {
                foreach (var (k, v) in nested)
                {
                    metadata[k] = v?.DeepClone();
                }
                continue;
            }
            metadata[name] = value?.DeepClone();
        }
        return new Document { Id = DocumentId.For(source, $"line:{lineNumber}"), Text = text, Source = source, Metadata = metadata };
    }
}
