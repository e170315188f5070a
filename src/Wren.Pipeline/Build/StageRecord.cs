using System.Text.Json.Serialization;

namespace Wren.Pipeline.Build;

/// <summary>One stage's entry in build.json: what it was built from, what it made, and how it went.</summary>
public sealed record StageRecord
{
    public required string Name { get; init; }

    /// <summary>done (ran in this build), skipped (up to date), running, failed, cancelled, pending.</summary>
    public string Status { get; set; } = StageStatus.Pending;

    /// <summary>SHA-256 over the tool version, the stage's recipe section, its input files and its upstream stages' outputs.</summary>
    public string? InputHash { get; set; }

    /// <summary>SHA-256 over the outputs later stages read; checked before a stage is skipped.</summary>
    public string? OutputHash { get; set; }

    /// <summary>Outputs, relative to the build folder.</summary>
    public List<string> Outputs { get; set; } = [];

    /// <summary>When the outputs were made (a skipped stage keeps its original time).</summary>
    public DateTimeOffset? CompletedUtc { get; set; }

    /// <summary>Seconds the run that made the outputs took.</summary>
    public double Seconds { get; set; }

    /// <summary>Figures the stage measured (documents kept, tokens, losses, scores...), shown in the summary and index.html.</summary>
    public SortedDictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; set; }

    [JsonIgnore]
    public bool IsComplete => (Status == StageStatus.Done || Status == StageStatus.Skipped) && InputHash is not null && OutputHash is not null;
}
