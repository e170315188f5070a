using Wren.Training.Model;
using Wren.Training.Optimization;

namespace Wren.Training.Trainer;

/// <summary>How a training run proceeds. Steps are optimizer steps; each sees GradientAccumulation x B x T tokens.</summary>
public sealed record TrainerOptions
{
    /// <summary>Run folder: checkpoints/, best/, model/, metrics.jsonl.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Optimizer steps to run (with <see cref="TimeLimit"/>: an upper bound).</summary>
    public long Steps { get; init; } = DefaultSteps;

    /// <summary>Steps of a run given neither steps nor time.</summary>
    public const long DefaultSteps = 1000;

    /// <summary>Steps of a run that only its time limit (or token budget) ends: more than any run reaches, with room to add to.</summary>
    public const long UntilTheLimit = long.MaxValue / 4;

    /// <summary>The steps asked, else as many as <paramref name="limit"/> allows, else <see cref="DefaultSteps"/>.</summary>
    public static long StepsFor(long? steps, TimeSpan? limit) => steps ?? (limit is null ? DefaultSteps : UntilTheLimit);

    /// <summary>Stop after this wall time (the schedule is then sized from the measured speed of the first steps).</summary>
    public TimeSpan? TimeLimit { get; init; }

    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Final learning rate as a fraction of the peak.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    /// <summary>Warmup steps; null = 5% of the run.</summary>
    public long? WarmupSteps { get; init; }

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;

    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Clip gradients to this global norm (0 = off).</summary>
    public double ClipNorm { get; init; } = 1.0;

    public AdamWOptions Optimizer { get; init; } = new();

    /// <summary>Validation every N steps (0 = only at the end).</summary>
    public int EvalEvery { get; init; } = 100;

    /// <summary>Validation batches per evaluation (at most those available).</summary>
    public int EvalBatches { get; init; } = 20;

    /// <summary>Checkpoint every N steps (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 500;

    public int KeepLastCheckpoints { get; init; } = 3;

    /// <summary>Continue from the newest checkpoint in the run folder.</summary>
    public bool Resume { get; init; }

    /// <summary>Seed of initialisation and data sampling.</summary>
    public ulong Seed { get; init; } = 1337;

    /// <summary>Recompute each layer's forward during its backward instead of holding its activations (less memory, about a third more compute; same gradients bit for bit).</summary>
    public bool CheckpointActivations { get; init; }

    /// <summary>Round the inputs of every matrix product to bfloat16, accumulating in float32 (master weights stay float32).</summary>
    public bool Bf16MatrixProducts { get; init; }

    /// <summary>The model options these flags ask for (build the model with them).</summary>
    public TrainingComputeOptions Compute => new() { CheckpointActivations = CheckpointActivations, Bf16MatrixProducts = Bf16MatrixProducts };

    /// <summary>Stop (as if killed) after this many steps of this process: used by tests of resumption.</summary>
    public long? StopAfterSteps { get; init; }
}
