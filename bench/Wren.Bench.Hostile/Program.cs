using System.Diagnostics;
using System.Globalization;
using AngleSharp.Html.Parser;
using Wren.Data.Sources;
using Wren.Data.Tests.Sources;

// Hostile inputs of issue 17 at full size. Two measurements:
//  1. HTML of N nested <div>s (20k, 40k, 80k, 200k): Wren's whole extraction (nesting cap, parse, furniture
//     removal, link-density pruning, rendering) beside AngleSharp's parse of the page as it is, seconds each
//     (what extraction cost before the cap; skipped once a smaller depth took longer than --cutoff seconds).
//  2. `wren ingest` of one folder holding every hostile input beside good documents, in a child process:
//     wall time, peak RSS (VmHWM), documents, errors and warnings.
//
//   dotnet run -c Release --project bench/Wren.Bench.Hostile -- [--html 20000,40000,80000,200000] [--cutoff 60] [--folder-only|--html-only]
//     [--ingest PATH: the child ingest of PATH instead of the built folder] [--build-only] [--timeout SECONDS]

if (args.Length >= 3 && args[0] == "--ingest-child")
{
    return await IngestChildAsync(args[1], args[2]);
}

int[] depths = [20_000, 40_000, 80_000, 200_000];
double cutoff = 60;
bool html = true, folder = true, buildOnly = false;
string? ingestPath = null;
int timeout = 600;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--html": depths = args[++i].Split(',').Select(int.Parse).ToArray(); break;
        case "--cutoff": cutoff = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--folder-only": html = false; break;
        case "--html-only": folder = false; break;
        case "--ingest": ingestPath = Path.GetFullPath(args[++i]); html = false; break;
        case "--build-only": buildOnly = true; html = false; break;
        case "--timeout": timeout = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");

if (html)
{
    // Warm-up: JIT of the parser and the extractor.
    HtmlContentExtractor.Extract(HostileInputs.NestedDivHtml(200));
    Console.WriteLine("nested <div> depth | Wren extract s | AngleSharp parse alone s");
    bool slow = false;
    foreach (int depth in depths)
    {
        string page = HostileInputs.NestedDivHtml(depth);
        var clock = Stopwatch.StartNew();
        int chars = HtmlContentExtractor.Extract(page).Text.Length;
        double extract = clock.Elapsed.TotalSeconds;
        string parse = $"skipped: a smaller depth took over {cutoff} s";
        if (!slow)
        {
            clock.Restart();
            new HtmlParser().ParseDocument(page);
            double seconds = clock.Elapsed.TotalSeconds;
            parse = seconds.ToString("F2", CultureInfo.InvariantCulture);
            slow = seconds > cutoff;
        }
        Console.WriteLine($"{depth,18:N0} | {extract,14:F2} | {parse} ({chars} chars of text)");
    }
}

if (folder)
{
    string root = Path.Combine(Path.GetTempPath(), "wren-bench-hostile-" + Environment.ProcessId);
    string input = ingestPath ?? Path.Combine(root, "input");
    if (ingestPath is null)
    {
        HostileFolder.Build(input, FindRepositoryRoot());
    }
    if (buildOnly)
    {
        Console.WriteLine($"built {input}");
        return 0;
    }
    // A child process, so its peak RSS is the ingest's alone.
    var child = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        child.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Wren.Bench.Hostile.dll"));
    }
    foreach (string a in new[] { "--ingest-child", input, Path.Combine(root, "out") })
    {
        child.ArgumentList.Add(a);
    }
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(child)!;
    Task<string> report = process.StandardOutput.ReadToEndAsync();
    if (!process.WaitForExit(TimeSpan.FromSeconds(timeout)))
    {
        process.Kill(entireProcessTree: true);
        Console.WriteLine($"ingest of {input}: still running after {timeout} s; killed");
    }
    else
    {
        Console.WriteLine($"ingest of {input} (child process, exit {process.ExitCode}, {clock.Elapsed.TotalSeconds:F1} s with start-up): {(await report).Trim()}");
    }
    if (ingestPath is null)
    {
        HostileFolder.Delete(input);
    }
    Directory.Delete(root, recursive: true);
}
return 0;

static async Task<int> IngestChildAsync(string input, string output)
{
    var clock = Stopwatch.StartNew();
    IngestReport report = await IngestPipeline.RunAsync([input], new SourceOptions { Threads = Environment.ProcessorCount }, output);
    long peakKb = PeakRssKb();
    // Read by name: the same bench also runs against the code from before warnings existed.
    var warnings = report.GetType().GetProperty("Warnings")?.GetValue(report) as IReadOnlyList<IngestError> ?? [];
    Console.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s, peak RSS {peakKb / 1024.0:F0} MB, {report.Documents} documents, {report.Errors.Count} errors, {warnings.Count} warnings");
    foreach (IngestError e in report.Errors.Concat(warnings))
    {
        Console.WriteLine($"  {e.File}: {e.Error}");
    }
    return 0;
}

static long PeakRssKb()
{
    foreach (string line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }
    return -1;
}

static string FindRepositoryRoot()
{
    for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
    {
        if (File.Exists(Path.Combine(dir, "Wren.slnx")))
        {
            return dir;
        }
    }
    throw new InvalidOperationException("run from inside the repository");
}
