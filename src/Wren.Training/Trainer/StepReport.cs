namespace Wren.Training.Trainer;

/// <summary>What one optimizer step measured (one line of metrics.jsonl).</summary>
public sealed record StepReport(
    long Step,
    long TotalSteps,
    double TrainLoss,
    double LearningRate,
    double GradientNorm,
    double TokensPerSecond,
    double ModelFlopsUtilization,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    double? ValidationLoss)
{
    /// <summary>The run ends at its time limit, so <see cref="TotalSteps"/> is the estimate from its measured speed so far.</summary>
    public bool TimeLimited { get; init; }
}
