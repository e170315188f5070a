using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Wren.Bench.Run;

/// <summary>
/// One whole process of <c>generate</c>: wall time from start to exit, the CPU time it used (user + system, all threads:
/// on a loaded machine the wall time is mostly waiting for a core, the CPU time is the work), and the decode rate it printed.
/// </summary>
internal sealed partial record ProcessRun(double WallMs, double CpuMs, double DecodeTokensPerSecond)
{
    public static ProcessRun Start(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double wall = clock.Elapsed.TotalMilliseconds;
        string error = stderr.Result;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited {process.ExitCode}: {error}");
        var decode = DecodeRate().Match(error);
        return new ProcessRun(wall, process.TotalProcessorTime.TotalMilliseconds, decode.Success ? double.Parse(decode.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"decode ([0-9.]+) tok/s")]
    private static partial Regex DecodeRate();
}
