namespace Wren.Training.Checkpoints;

/// <summary>Everything besides parameters and optimizer moments that a run needs to continue exactly (trainer_state.json).</summary>
public sealed record TrainerState
{
    /// <summary>Optimizer steps completed.</summary>
    public required long Step { get; init; }

    /// <summary>Steps the run was planned for (the schedule depends on it).</summary>
    public required long TotalSteps { get; init; }

    /// <summary>State of the data sampler's generator after the last completed step.</summary>
    public required ulong SamplerState { get; init; }

    public required long TokensSeen { get; init; }

    public double? BestValidationLoss { get; init; }

    public double? ValidationLoss { get; init; }

    public double? TrainLoss { get; init; }
}
