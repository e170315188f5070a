using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>
/// A task folder's <c>task.json</c>: what the task is (name, kind, label set), how its examples were made (builder,
/// sources, templates), how they were split (seed, fractions) and what came out (counts per split and label, what
/// was dropped and why).
/// </summary>
public sealed record TaskDefinition
{
    public const string FileName = "task.json";

    /// <summary>One label of a set per input.</summary>
    public const string ClassifyKind = "classify";

    /// <summary>Free text per input: a reply, an answer, a summary.</summary>
    public const string GenerateKind = "generate";

    /// <summary>A JSON object that follows the task's <see cref="Schema"/> per input.</summary>
    public const string ExtractKind = "extract";

    public static readonly IReadOnlyList<string> Kinds = [ClassifyKind, GenerateKind, ExtractKind];

    public required string Name { get; init; }

    public string Kind { get; init; } = ClassifyKind;

    /// <summary>The label set, sorted (ordinal); empty for generate and extract tasks.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>extract: the JSON Schema every output follows (given with --schema, or inferred from the columns named).</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>How the input of each example was made from its record or message (e.g. <c>{subject}\n\n{body}</c>).</summary>
    public string? InputTemplate { get; init; }

    /// <summary>How the output was made, for records (e.g. <c>{queue}</c>).</summary>
    public string? OutputTemplate { get; init; }

    /// <summary>The builder and its settings.</summary>
    public TaskBuilderSettings? Builder { get; init; }

    public ulong Seed { get; init; }

    public double ValidationFraction { get; init; }

    public double TestFraction { get; init; }

    /// <summary>Examples per split and label.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>What the builder left out, and how many: duplicates, unlabelled, empty, rare labels.</summary>
    public IReadOnlyDictionary<string, int> Dropped { get; init; } = new Dictionary<string, int>();

    /// <summary>How task files are written: snake_case keys, indented, unescaped text, nulls left out (task runs' task.json too).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static TaskDefinition Load(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"{path}: no such file");
        try
        {
            var definition = JsonSerializer.Deserialize<TaskDefinition>(File.ReadAllText(path), Json)
                ?? throw new WrenException($"{path}: empty task definition");
            // Generate and extract tasks write text or JSON and have no label set.
            if (!Kinds.Contains(definition.Kind)) throw new WrenException($"{path}: kind '{definition.Kind}' is not {string.Join(", ", Kinds)}");
            if (definition.Kind == ClassifyKind && (definition.Labels is null || definition.Labels.Count < 2)) throw new WrenException($"{path}: a task needs at least two labels");
            if (definition.Kind == ExtractKind && definition.Schema is null) throw new WrenException($"{path}: an extract task needs its JSON Schema (schema)");
            return definition;
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not a task definition ({e.Message})");
        }
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}
