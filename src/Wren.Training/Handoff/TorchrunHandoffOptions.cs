namespace Wren.Training.Handoff;

/// <summary>What <see cref="TorchrunHandoff"/> hands over and how the GPUs split the work.</summary>
public sealed record TorchrunHandoffOptions
{
    /// <summary>A <c>wren train</c> run folder (its <c>run.json</c> holds the recipe).</summary>
    public required string RunFolder { get; init; }

    /// <summary>GPUs per node (torchrun's <c>--nproc_per_node</c>).</summary>
    public required int GpusPerNode { get; init; }

    /// <summary>Nodes; the launch script reads NNODES/NODE_RANK/MASTER_ADDR at launch time when above 1.</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>Folder to write; default <c>RUN/handoff-torchrun</c>.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>The token shards' folder when it is not the one in run.json (or the run has no run.json).</summary>
    public string? DataFolder { get; init; }

    /// <summary>Optimizer steps; default the run's own (a time-limited run's planned total from its checkpoints).</summary>
    public long? Steps { get; init; }

    /// <summary>Sequences per GPU per micro-step; default: split the run's global batch over the GPUs.</summary>
    public int? MicroBatch { get; init; }

    /// <summary>Micro-steps per optimizer step per GPU; default: whatever keeps the run's global batch.</summary>
    public int? GradientAccumulation { get; init; }

    /// <summary>Start from the run's trained weights (exported into <c>init/</c>) instead of a fresh initialisation.</summary>
    public bool InitFromRun { get; init; }
}
