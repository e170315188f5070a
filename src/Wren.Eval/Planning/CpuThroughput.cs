namespace Wren.Eval.Planning;

/// <summary>What this machine's CPU measured: STREAM-style copy bandwidth and SGEMM FLOP/s (the runtime's shared packed GEMM), on all cores.</summary>
public sealed record CpuThroughput
{
    /// <summary>Bytes per second, counting each copied byte twice (read and write), as STREAM's Copy does.</summary>
    public required double CopyBandwidth { get; init; }

    /// <summary>FP32 FLOP/s of a square matrix product on the shared SGEMM (2·M·N·K per product).</summary>
    public required double SgemmFlops { get; init; }

    /// <summary>Threads used.</summary>
    public required int Threads { get; init; }

    /// <summary>The SIMD path the SGEMM used ("Vector512", "Vector256" or "scalar").</summary>
    public required string SimdPath { get; init; }

    /// <summary>Installed memory the runtime can use, in bytes.</summary>
    public required double MemoryBytes { get; init; }

    /// <summary>This CPU as a <see cref="HardwareSpec"/>, so a plan can target it with <c>--gpu cpu</c>.</summary>
    public HardwareSpec ToHardwareSpec() => new()
    {
        Name = "cpu",
        Description = $"this machine's CPU ({Threads} threads, {SimdPath})",
        PeakFlops = SgemmFlops,
        MemoryBytes = MemoryBytes,
        MemoryBandwidth = CopyBandwidth,
        Source = "measured: packed SGEMM (FP32, the kernel Wren trains with) and STREAM-style copy on all cores",
        IsMeasured = true,
    };
}
