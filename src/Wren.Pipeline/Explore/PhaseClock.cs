using System.Diagnostics;

namespace Wren.Pipeline.Explore;

/// <summary>Consecutive phases' wall seconds and the process's CPU seconds, each from the previous mark.</summary>
internal sealed class PhaseClock
{
    private long _started = Stopwatch.GetTimestamp();
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    public List<PhaseTiming> Phases { get; } = [];

    public void Mark(string name)
    {
        long now = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Phases.Add(new PhaseTiming(name, Stopwatch.GetElapsedTime(_started, now).TotalSeconds, (cpu - _cpu).TotalSeconds));
        _started = now;
        _cpu = cpu;
    }
}
