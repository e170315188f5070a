using System.Diagnostics;
using System.Globalization;
using Wren.Cli.Commands;

namespace Wren.Cli.Tests;

/// <summary>Runs <c>wren</c> as its own process, as a user's shell would: its own environment, exit code, stdout and stderr.</summary>
internal static class WrenProcess
{
    /// <summary>Runs to the end (failing the test past <paramref name="timeout"/>); its peak RSS is read from /proc while it runs (VmHWM only grows).</summary>
    public static WrenProcessRun Run(string[] arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var command = WrenExecutable.Command();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in command.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(20))
        {
            peak = Math.Max(peak, PeakRss(process.Id));
            if (clock.Elapsed > timeout)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                Assert.Fail($"wren {string.Join(' ', arguments)} still ran after {timeout.TotalSeconds} s\n{output.Result}\n{error.Result}");
            }
        }
        return new WrenProcessRun(process.ExitCode, output.Result, error.Result, peak, clock.Elapsed);
    }

    private static long PeakRss(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process ended between two looks.
        }
        return 0;
    }
}

/// <summary>A finished <c>wren</c> process.</summary>
internal sealed record WrenProcessRun(int ExitCode, string Output, string Error, long PeakRssBytes, TimeSpan Elapsed)
{
    public string Describe() =>
        $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s, peak RSS {PeakRssBytes / 1e6:F0} MB\nstderr: {Error}\nstdout: {(Output.Length > 4000 ? Output[^4000..] : Output)}";
}
