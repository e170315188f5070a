namespace Wren.Training.Trainer;

/// <summary>The outcome of a run.</summary>
public sealed record TrainingSummary(
    long Steps,
    long TokensSeen,
    double FinalTrainLoss,
    double? FinalValidationLoss,
    double? BestValidationLoss,
    double TokensPerSecond,
    TimeSpan Elapsed,
    string ModelFolder,
    IReadOnlyList<StepReport> History);
