using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Wren.Bench.Run;

/// <summary>
/// One whole process of <c>generate</c>: wall time from start to exit, the CPU time it used (user + system, all threads:
/// on a loaded machine the wall time is mostly waiting for a core, the CPU time is the work), its page faults (on a
/// virtual machine each costs 10-15 µs of that CPU), and the decode rate it printed.
/// </summary>
internal sealed partial record ProcessRun(double WallMs, double CpuMs, long PageFaults, double DecodeTokensPerSecond)
{
    public static ProcessRun Start(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        var (cpuBefore, faultsBefore) = ChildrenUsage();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double wall = clock.Elapsed.TotalMilliseconds;
        var (cpuAfter, faultsAfter) = ChildrenUsage();
        string error = stderr.Result;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited {process.ExitCode}: {error}");
        var decode = DecodeRate().Match(error);
        return new ProcessRun(wall, cpuAfter - cpuBefore, faultsAfter - faultsBefore, decode.Success ? double.Parse(decode.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>User + system CPU and page faults (minor + major) of every child reaped so far (getrusage(RUSAGE_CHILDREN);
    /// .NET reaps the process when it exits, and /proc no longer has it to ask).</summary>
    private static (double CpuMs, long PageFaults) ChildrenUsage()
    {
        const int RusageChildren = -1;
        Span<long> usage = stackalloc long[18]; // struct rusage: two timevals (seconds, microseconds), then 14 longs: maxrss, ixrss, idrss, isrss, minflt, majflt, ...
        if (GetRusage(RusageChildren, ref MemoryMarshal.GetReference(usage)) != 0) throw new InvalidOperationException("getrusage failed");
        return ((usage[0] + usage[2]) * 1e3 + (usage[1] + usage[3]) / 1e3, usage[8] + usage[9]);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, ref long usage);

    [GeneratedRegex(@"decode ([0-9.]+) tok/s")]
    private static partial Regex DecodeRate();
}
