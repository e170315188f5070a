using Wren.Eval.TextMetrics;

namespace Wren.Eval.Writing;

/// <summary>One system's outputs on the test split and their scores (generation or extraction, by the task's kind), with latency per example.</summary>
public sealed record WritingSystemResult
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public bool IsTaskModel { get; init; }
    public required IReadOnlyList<string> Outputs { get; init; }
    public GenerationScores? Generation { get; init; }
    public ExtractionScores? Extraction { get; init; }

    /// <summary>The figure systems are ranked by: rougeLsum F for generate, macro field F1 for extract (0-1).</summary>
    public double Primary => Generation?.RougeLsum ?? Extraction?.TokenF1 ?? 0;

    /// <summary>The judge's mean 1-5 grade over the answers it graded; null without a judge.</summary>
    public double? JudgeScore { get; init; }

    /// <summary>Answers whose judge reply was not a grade (left out of <see cref="JudgeScore"/>).</summary>
    public int JudgeUngraded { get; init; }

    public double LatencyMsP50 { get; init; }
    public double LatencyMsP95 { get; init; }

    /// <summary>Examples the system refused (an endpoint's error); they count as empty answers.</summary>
    public int Failed { get; init; }

    /// <summary>The first refusal's message, when some examples were refused.</summary>
    public string? FailedReason { get; init; }

    /// <summary>Why the system could not be measured (an endpoint down, a model that failed to load); its scores are then empty.</summary>
    public string? Error { get; init; }
}
