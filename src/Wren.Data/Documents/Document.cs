using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wren.Data.Documents;

/// <summary>
/// One unit of text with where it came from: the record that crosses every curation stage.
/// On disk it is one JSON line <c>{"id", "text", "source", "metadata"}</c>, the shape datatrove,
/// Dolma and NeMo Curator use.
/// </summary>
public sealed record Document
{
    /// <summary>Stable across runs: a hash of the source and the location inside it.</summary>
    public required string Id { get; init; }

    public required string Text { get; init; }

    /// <summary>Where the text came from: a path, <c>path#part</c>, or a SQL source.</summary>
    public required string Source { get; init; }

    public JsonObject Metadata { get; init; } = new();

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("text", Text);
        writer.WriteString("source", Source);
        writer.WritePropertyName("metadata");
        Metadata.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>Parses one JSONL record; <paramref name="where"/> names the file and line for errors.</summary>
    public static Document Parse(ReadOnlySpan<byte> utf8Json, string where)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw new Wren.Runtime.WrenException($"{where}: not a JSON object ({e.Message})");
        }
        if (node is not JsonObject obj)
        {
            throw new Wren.Runtime.WrenException($"{where}: expected a JSON object with \"id\" and \"text\"");
        }
        string? text = obj["text"]?.GetValueKind() == JsonValueKind.String ? obj["text"]!.GetValue<string>() : null;
        if (text is null)
        {
            throw new Wren.Runtime.WrenException($"{where}: missing string field \"text\"");
        }
        string id = obj["id"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => DocumentId.For(where, ""),
        };
        string source = obj["source"]?.GetValueKind() == JsonValueKind.String ? obj["source"]!.GetValue<string>() : where;
        var metadata = obj["metadata"] as JsonObject;
        if (metadata is not null)
        {
            obj.Remove("metadata");
        }
        return new Document { Id = id, Text = text, Source = source, Metadata = metadata ?? new JsonObject() };
    }
}
