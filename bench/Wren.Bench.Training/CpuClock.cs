using System.Runtime.InteropServices;

namespace Wren.Bench.Training;

/// <summary>
/// CPU seconds this process has used (all threads), from clock_gettime(CLOCK_PROCESS_CPUTIME_ID): on a shared machine
/// the CPU time of a piece of work holds up where its wall time does not (other processes take turns on the cores).
/// Also compiled into Wren.Bench.Tasks, whose latency figures use the calling thread's clock.
/// </summary>
internal static partial class CpuClock
{
    private const int ProcessCpuTimeId = 2;
    private const int ThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec value);

    public static double ProcessSeconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuTimeId, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    /// <summary>CPU seconds the calling thread has used (clock_gettime(CLOCK_THREAD_CPUTIME_ID); Linux only).</summary>
    public static double ThreadSeconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ThreadCpuTimeId, out var t) != 0) throw new PlatformNotSupportedException("a thread's CPU clock is read on Linux only");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
