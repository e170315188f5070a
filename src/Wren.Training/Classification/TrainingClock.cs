using System.Diagnostics;

namespace Wren.Training.Classification;

/// <summary>
/// What a time budget is measured in. <see cref="TrainingClockKind.Wall"/> is the clock on the wall. On a machine
/// shared with other work a wall-clock budget buys less training the busier the machine is, so
/// <see cref="TrainingClockKind.Cpu"/> counts this process's CPU time divided by its worker threads instead: the
/// wall time the same work takes on an idle machine with that many cores. Both are always reported.
/// </summary>
public sealed class TrainingClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;

    public TrainingClock(TrainingClockKind kind, int threads)
    {
        Kind = kind;
        Threads = Math.Max(1, threads);
    }

    public TrainingClockKind Kind { get; }

    public int Threads { get; }

    public double WallSeconds => _wall.Elapsed.TotalSeconds;

    /// <summary>CPU seconds this process used since the clock started (all threads).</summary>
    public double CpuSeconds => (Process.GetCurrentProcess().TotalProcessorTime - _cpuStart).TotalSeconds;

    /// <summary>The budget's seconds: wall seconds, or CPU seconds per worker thread.</summary>
    public double Seconds => Kind == TrainingClockKind.Wall ? WallSeconds : CpuSeconds / Threads;
}
