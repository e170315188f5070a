using System.Text.Json;
using System.Text.Json.Serialization;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Build;

/// <summary>
/// DIR/build.json: per stage its input hash, outputs, status, timings and figures. Rewritten atomically
/// after every change of a stage's state, so an interrupted build leaves a file the next one resumes from.
/// </summary>
public sealed record BuildState
{
    public const string FileName = "build.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToolVersion { get; set; } = "";

    /// <summary>The recipe file, or null for the built-in defaults.</summary>
    public string? Recipe { get; set; }

    public List<string> Sources { get; set; } = [];

    public DateTimeOffset UpdatedUtc { get; set; }

    public List<StageRecord> Stages { get; set; } = [];

    public StageRecord? Find(string stage) => Stages.FirstOrDefault(s => s.Name == stage);

    public StageRecord Get(string stage) => Find(stage) ?? throw new InvalidOperationException($"build.json has no stage '{stage}'");

    public static BuildState? TryRead(string buildDirectory)
    {
        string path = Path.Combine(buildDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<BuildState>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not a readable build state ({e.Message}); delete it to rebuild every stage");
        }
    }

    public void Write(string buildDirectory)
    {
        UpdatedUtc = DateTimeOffset.UtcNow;
        Directory.CreateDirectory(buildDirectory);
        AtomicFile.WriteAllText(Path.Combine(buildDirectory, FileName), JsonSerializer.Serialize(this, Options));
    }
}
