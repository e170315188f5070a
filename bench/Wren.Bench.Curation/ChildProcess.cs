using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wren.Bench.Curation;

/// <summary>
/// Runs a program to its end and measures its CPU time as the kernel accounts it to waited-for children
/// (<c>getrusage(RUSAGE_CHILDREN)</c>: user + system, all its threads), which .NET's Process cannot read
/// once the child has exited. Linux only.
/// </summary>
internal static partial class ChildProcess
{
    private const int RusageChildren = -1;

    public static (double WallSeconds, double CpuSeconds) Run(string program, IReadOnlyList<string> arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("--cli measures the child's CPU time with getrusage: Linux only");
        }
        double before = ChildrenCpuSeconds();
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program}: did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        double wall = stopwatch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit code {process.ExitCode}\n{output.Result}\n{errors.Result}");
        }
        return (wall, ChildrenCpuSeconds() - before);
    }

    private static double ChildrenCpuSeconds()
    {
        if (GetRusage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>Linux x64/arm64 <c>struct rusage</c>: two timevals, then 14 longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }
}
