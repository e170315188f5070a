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
    double? ValidationLoss);
