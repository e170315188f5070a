namespace Wren.Eval.Planning;

/// <summary>
/// One accelerator (or this machine's CPU) as the planner sees it: how fast it multiplies, how much
/// memory it has and how fast it reads that memory. Training time is bound by the first, what fits
/// by the second, and single-stream decode speed by the third.
/// </summary>
public sealed record HardwareSpec
{
    /// <summary>Name used on the command line, e.g. <c>A100-80GB</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the name stands for, e.g. "NVIDIA A100 SXM4 80 GB".</summary>
    public required string Description { get; init; }

    /// <summary>Peak dense BF16 tensor FLOP/s (FP32 accumulate, no 2:4 sparsity). For a measured CPU: SGEMM FP32 FLOP/s.</summary>
    public required double PeakFlops { get; init; }

    /// <summary>Device memory in bytes (decimal GB x 1e9, as vendors quote it).</summary>
    public required double MemoryBytes { get; init; }

    /// <summary>Peak memory bandwidth in bytes per second.</summary>
    public required double MemoryBandwidth { get; init; }

    /// <summary>Where the figures come from.</summary>
    public required string Source { get; init; }

    /// <summary>True for a CPU whose figures were measured on this machine rather than taken from a datasheet.</summary>
    public bool IsMeasured { get; init; }
}
