using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wren.Runtime.Diagnostics;

/// <summary>Writes JSON Lines atomically (<see cref="AtomicFile"/>): one object per item, relaxed escaping so text stays readable.</summary>
public static class JsonLinesFile
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One line per item: <paramref name="writeProperties"/> writes the item's properties into its object.</summary>
    public static void Write<T>(string path, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeProperties) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, WriterOptions);
            foreach (T item in items)
            {
                writer.Reset();
                writer.WriteStartObject();
                writeProperties(writer, item);
                writer.WriteEndObject();
                writer.Flush();
                stream.WriteByte((byte)'\n');
            }
        });
}
