using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Teacher;

/// <summary>
/// Writes teacher examples as task example lines (<c>input</c>, <c>output</c>, <c>source</c>, <c>split</c>) with their
/// provenance added (<c>kind</c>, <c>document</c>, <c>chunk</c>, <c>context</c>, <c>score</c>); readers of task examples
/// ignore the added fields.
/// </summary>
public static class TeacherExampleJsonl
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string path, IEnumerable<TeacherExample> examples) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, WriterOptions);
            foreach (var e in examples)
            {
                writer.Reset();
                writer.WriteStartObject();
                writer.WriteString("input", e.Input);
                writer.WriteString("output", e.Output);
                writer.WriteString("source", e.Source);
                if (e.Split is not null) writer.WriteString("split", e.Split);
                writer.WriteString("kind", e.Kind.ToString().ToLowerInvariant());
                writer.WriteString("document", e.Document);
                writer.WriteNumber("chunk", e.Chunk);
                writer.WriteString("context", e.Context);
                if (e.Score is { } score) writer.WriteNumber("score", score);
                writer.WriteEndObject();
                writer.Flush();
                stream.WriteByte((byte)'\n');
            }
        });
}
