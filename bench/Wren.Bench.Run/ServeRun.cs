using System.Diagnostics;
using System.Globalization;

namespace Wren.Bench.Run;

/// <summary>
/// One <c>serve</c> process from start to its first answer: the wall time until GET /health answers 200 (start, load,
/// Kestrel listening, the first request served) and the CPU time the process had used by then (/proc/PID/stat), then
/// the process is killed.
/// </summary>
internal sealed record ServeRun(double WallMs, double CpuMs)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static ServeRun Start(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        try
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            // "serving NAME at http://127.0.0.1:PORT (...": wren's own line, once Kestrel listens.
            Uri? address = null;
            while (address is null)
            {
                string line = process.StandardError.ReadLine() ?? throw new InvalidOperationException($"{program} ended before it listened");
                int at = line.IndexOf(" at http://", StringComparison.Ordinal);
                if (line.StartsWith("serving ", StringComparison.Ordinal) && at > 0) address = new Uri(line[(at + 4)..line.IndexOf(' ', at + 4)]);
            }
            using var health = Http.GetAsync(new Uri(address, "/health")).GetAwaiter().GetResult();
            health.EnsureSuccessStatusCode();
            double wall = clock.Elapsed.TotalMilliseconds;
            return new ServeRun(wall, ProcessCpuMs(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>utime + stime of a live process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static double ProcessCpuMs(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
}
