namespace Wren.Bench.Ingest;

/// <summary>One timed run: what was read and what it cost in wall time and in CPU time (all cores together).</summary>
internal sealed record Measurement(string Input, string Method, int Threads, long Files, long Documents, long Bytes, double WallSeconds, double CpuSeconds)
{
    public double MegabytesPerSecond => Bytes / 1e6 / WallSeconds;

    public double DocumentsPerSecond => Documents / WallSeconds;

    /// <summary>Throughput per core: bytes over CPU seconds, which stays meaningful on a machine shared with other work.</summary>
    public double MegabytesPerCpuSecond => Bytes / 1e6 / CpuSeconds;

    public double DocumentsPerCpuSecond => Documents / CpuSeconds;
}
