using System.Text.Json;
using Wren.Data.Tasks;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Teacher;

/// <summary>
/// Writes teacher examples as task example lines (<c>input</c>, <c>output</c>, <c>source</c>, <c>split</c>) with their
/// provenance added (<c>kind</c>, <c>document</c>, <c>chunk</c>, <c>context</c>, <c>score</c>); readers of task examples
/// ignore the added fields.
/// </summary>
public static class TeacherExampleJsonl
{
    public static void Write(string path, IEnumerable<TeacherExample> examples) =>
        JsonLinesFile.Write(path, examples, static (writer, e) =>
        {
            TaskExampleJsonl.WriteFields(writer, e.ToTaskExample());
            writer.WriteString("kind", e.Kind.ToString().ToLowerInvariant());
            writer.WriteString("document", e.Document);
            writer.WriteNumber("chunk", e.Chunk);
            writer.WriteString("context", e.Context);
            if (e.Score is { } score) writer.WriteNumber("score", score);
        });
}
