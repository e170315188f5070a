using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>Reads and writes task examples as JSONL, one <see cref="TaskExample"/> per line.</summary>
public static class TaskExampleJsonl
{
    /// <summary>
    /// Every example of a file. A line that is not an object with string <c>input</c> and <c>output</c> is an error
    /// naming the file and line (a data set with a broken line is not silently shorter); blank lines are skipped.
    /// </summary>
    public static List<TaskExample> Read(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"{path}: no such file");
        var examples = new List<TaskExample>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            examples.Add(Parse(line, $"{path}:{lineNumber}"));
        }

        return examples;
    }

    /// <summary>One JSON line; <paramref name="where"/> names the file and line for errors.</summary>
    public static TaskExample Parse(string line, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new WrenException($"{where}: expected a JSON object with \"input\" and \"output\"");
            string input = RequiredString(doc.RootElement, "input", where);
            string output = RequiredString(doc.RootElement, "output", where);
            string? source = OptionalString(doc.RootElement, "source", where);
            string? split = OptionalString(doc.RootElement, "split", where);
            if (split is not null && !TaskSplits.All.Contains(split))
                throw new WrenException($"{where}: \"split\" is '{split}', expected one of {string.Join(", ", TaskSplits.All)}");
            return new TaskExample(input, output, source, split);
        }
        catch (JsonException e)
        {
            throw new WrenException($"{where}: not a JSON object ({e.Message})");
        }
    }

    /// <summary>Writes the examples atomically (temp file, then rename).</summary>
    public static void Write(string path, IEnumerable<TaskExample> examples) => JsonLinesFile.Write(path, examples, WriteFields);

    /// <summary>The fields of a task example line; <see cref="Teacher.TeacherExampleJsonl"/> adds its provenance after them.</summary>
    internal static void WriteFields(Utf8JsonWriter writer, TaskExample e)
    {
        writer.WriteString("input", e.Input);
        writer.WriteString("output", e.Output);
        if (e.Source is not null) writer.WriteString("source", e.Source);
        if (e.Split is not null) writer.WriteString("split", e.Split);
    }

    private static string RequiredString(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var value)) throw new WrenException($"{where}: missing \"{name}\"");
        if (value.ValueKind != JsonValueKind.String) throw new WrenException($"{where}: \"{name}\" must be a string (got {value.ValueKind.ToString().ToLowerInvariant()})");
        return value.GetString()!;
    }

    private static string? OptionalString(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new WrenException($"{where}: \"{name}\" must be a string");
        return value.GetString();
    }
}
