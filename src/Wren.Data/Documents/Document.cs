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
        JsonStringEscaper.WriteString(writer, "text", Text);
        writer.WriteString("source", Source);
        writer.WritePropertyName("metadata");
        Metadata.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>Parses one JSONL record; <paramref name="where"/> names the file and line for errors.</summary>
    /// <remarks>
    /// Read with <see cref="Utf8JsonReader"/> rather than into a <see cref="JsonNode"/> tree: curation parses every
    /// document two or three times, and the text (most of the bytes) then becomes one string with no tree around it.
    /// Only <c>metadata</c> is built as a <see cref="JsonObject"/>. An <c>id</c> that is a number or boolean keeps its
    /// JSON text; a missing, null or structured one is replaced by a hash of <paramref name="where"/>. Records of the
    /// usual shape take <see cref="DocumentFastParser"/>'s path, with the same results.
    /// </remarks>
    public static Document Parse(ReadOnlySpan<byte> utf8Json, string where) =>
        DocumentFastParser.TryParse(utf8Json, where, out var document) ? document! : ParseWithReader(utf8Json, where);

    /// <summary><see cref="Parse"/> through <see cref="Utf8JsonReader"/> alone: any record, and every error message.</summary>
    internal static Document ParseWithReader(ReadOnlySpan<byte> utf8Json, string where)
    {
        string? id = null, text = null, source = null;
        JsonObject? metadata = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new Wren.Runtime.WrenException($"{where}: expected a JSON object with \"id\" and \"text\"");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Last one wins when a name repeats, as in most JSON readers.
                if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("source"u8))
                {
                    reader.Read();
                    source = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("metadata"u8))
                {
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    bool isObject = reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                    metadata = isObject ? (JsonObject)JsonNode.Parse(utf8Json[start..(int)reader.BytesConsumed])! : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // Nothing may follow the object (the reader throws on trailing tokens).
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new Wren.Runtime.WrenException($"{where}: not a JSON object ({e.Message})");
        }
        if (text is null)
        {
            throw new Wren.Runtime.WrenException($"{where}: missing string field \"text\"");
        }
        return new Document { Id = id ?? DocumentId.For(where, ""), Text = text, Source = source ?? where, Metadata = metadata ?? new JsonObject() };
    }
}
