using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wren.Samples.Generator.Records;

/// <summary>Writes <c>notes.jsonl</c>: one JSON object per line with "id", "text" and "author", non-ASCII kept as UTF-8.</summary>
public static class NotesJsonlWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static byte[] Render(IReadOnlyList<(string Id, string Text, string Author)> notes)
    {
        using var output = new MemoryStream();
        foreach ((string id, string text, string author) in notes)
        {
            using (var writer = new Utf8JsonWriter(output, Options))
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("text", text);
                writer.WriteString("author", author);
                writer.WriteEndObject();
            }

            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }
}
