using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Tasks;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// RUN/task.json of a generate or extract task run: what the model in RUN/model was fine-tuned for (the task, its
/// kind and, for extract, the JSON Schema its answers are held to), from what base, how, and on which data.
/// Classification runs write <see cref="Wren.Runtime.Classification.ClassifierManifest"/> under the same name;
/// <see cref="KindOf"/> tells them apart.
/// </summary>
public sealed record WritingTaskManifest
{
    public const string FileName = "task.json";

    public required string Task { get; init; }

    /// <summary>generate or extract.</summary>
    public required string Kind { get; init; }

    public JsonObject? Schema { get; init; }

    /// <summary>The model folder, relative to the run.</summary>
    public string Model { get; init; } = "model";

    /// <summary>lora (merged into RUN/model) or full.</summary>
    public required string Method { get; init; }

    public string? BaseModel { get; init; }

    public string? Data { get; init; }

    /// <summary>The most tokens an answer gets when the model writes (twice the longest training answer, bounded).</summary>
    public int MaxOutputTokens { get; init; } = 256;

    public IReadOnlyDictionary<string, double> Training { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    private static JsonSerializerOptions Json => TaskDefinition.Json;

    /// <summary>The kind a run folder's task.json declares (classify when it names none).</summary>
    public static string KindOf(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) throw new WrenException($"{runFolder}: not a task run (no {FileName}; make one with wren task train)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString()! : "classify";
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not JSON ({e.Message})");
        }
    }

    public static WritingTaskManifest Load(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) throw new WrenException($"{runFolder}: not a task run (no {FileName})");
        try
        {
            return JsonSerializer.Deserialize<WritingTaskManifest>(File.ReadAllText(path), Json) ?? throw new WrenException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not a task run manifest ({e.Message})");
        }
    }

    public void Save(string runFolder) => AtomicFile.WriteAllText(Path.Combine(runFolder, FileName), JsonSerializer.Serialize(this, Json) + "\n");
}
