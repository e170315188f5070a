using System.Globalization;
using Wren.Export.Gguf;
using Wren.TestModels;

namespace Wren.Bench.Run;

/// <summary>
/// wren-run (NativeAOT) against wren (JIT), and against another wren-run build (<c>--before</c>: main's, to show what a change
/// did in the same run), on the same random-weight GGUF, each run as a whole process, alternating:
/// start to first token (the wall time of <c>generate --max-tokens 1</c>: start, load, prefill, one token, exit) and decode
/// tok/s of a 64-token run; start to serving (<c>serve</c> until its first /health answer); then the file sizes of every
/// published RID under .cache/wren-run.
///   dotnet run -c Release --project bench/Wren.Bench.Run -- --wren-run .cache/wren-run/linux-x64/wren-run
///       --wren src/Wren.Cli/bin/Release/net10.0/wren [--before OTHER/wren-run] [--sizes 15M,110M] [--types F32,Q8_0] [--rounds 7]
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string wrenRun = Option(args, "--wren-run") ?? ".cache/wren-run/linux-x64/wren-run";
        string? wren = Option(args, "--wren");
        string? before = Option(args, "--before");
        string[] sizes = (Option(args, "--sizes") ?? "15M").Split(',');
        string[] types = (Option(args, "--types") ?? "F32,Q8_0").Split(',');
        int rounds = int.Parse(Option(args, "--rounds") ?? "7", CultureInfo.InvariantCulture);
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");
        Console.WriteLine("| model | engine | start to first token: wall ms, median (min-max) | its CPU ms, median | its page faults, median | decode tok/s, median | ÷ wren-run: wall, CPU |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (string size in sizes)
        {
            foreach (string type in types)
            {
                string model = Model(size, type);
                string[] first = ["generate", "--model", model, "--prompt", "Once upon a time", "--max-tokens", "1", "--greedy", "--threads", "1"];
                string[] decode = ["generate", "--model", model, "--prompt", "Once upon a time", "--max-tokens", "64", "--greedy", "--threads", "1"];
                var engines = new List<(string Name, string Program)> { ("wren-run", wrenRun) };
                if (before is not null) engines.Add(("wren-run before", before));
                if (wren is not null) engines.Add(("wren", wren));
                var firstMs = engines.ToDictionary(e => e.Name, _ => new List<double>());
                var firstCpu = engines.ToDictionary(e => e.Name, _ => new List<double>());
                var firstFaults = engines.ToDictionary(e => e.Name, _ => new List<double>());
                var rates = engines.ToDictionary(e => e.Name, _ => new List<double>());
                string[] serve = ["serve", "--model", model, "--port", "0", "--threads", "1"];
                var serveMs = engines.ToDictionary(e => e.Name, _ => new List<double>());
                var serveCpu = engines.ToDictionary(e => e.Name, _ => new List<double>());
                foreach (var engine in engines) ProcessRun.Start(engine.Program, first); // warm the file cache
                for (int round = 0; round < rounds; round++)
                {
                    foreach (var engine in round % 2 == 0 ? engines : Enumerable.Reverse(engines))
                    {
                        var run = ProcessRun.Start(engine.Program, first);
                        firstMs[engine.Name].Add(run.WallMs);
                        firstCpu[engine.Name].Add(run.CpuMs);
                        firstFaults[engine.Name].Add(run.PageFaults);
                        rates[engine.Name].Add(ProcessRun.Start(engine.Program, decode).DecodeTokensPerSecond);
                        var serving = ServeRun.Start(engine.Program, serve);
                        serveMs[engine.Name].Add(serving.WallMs);
                        serveCpu[engine.Name].Add(serving.CpuMs);
                    }
                }
                double baseline = Median(firstMs["wren-run"]), baselineCpu = Median(firstCpu["wren-run"]);
                foreach (var engine in engines)
                {
                    var ms = firstMs[engine.Name];
                    Console.WriteLine($"| {size} {type} | {engine.Name} | {Median(ms):F0} ({ms.Min():F0}-{ms.Max():F0}) | {Median(firstCpu[engine.Name]):F0} | {Median(firstFaults[engine.Name]):F0} | {Median(rates[engine.Name]):F0} | {Median(ms) / baseline:F2}x, {Median(firstCpu[engine.Name]) / baselineCpu:F2}x |");
                }
                foreach (var engine in engines)
                {
                    var ms = serveMs[engine.Name];
                    Console.WriteLine($"| {size} {type} | {engine.Name} serve | start to first /health answer: {Median(ms):F0} ({ms.Min():F0}-{ms.Max():F0}) | {Median(serveCpu[engine.Name]):F0} | - | - | {Median(ms) / Median(serveMs["wren-run"]):F2}x, {Median(serveCpu[engine.Name]) / Median(serveCpu["wren-run"]):F2}x |");
                }
            }
        }
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        Sizes(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(wrenRun)))!);
        return 0;
    }

    /// <summary>The published files of every RID beside wren-run's folder (.cache/wren-run/RID).</summary>
    private static void Sizes(string root)
    {
        Console.WriteLine();
        Console.WriteLine("| RID | wren-run | libwren.so |");
        Console.WriteLine("| --- | --- | --- |");
        foreach (string dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string Size(string file) => File.Exists(Path.Combine(dir, file)) ? $"{new FileInfo(Path.Combine(dir, file)).Length / 1e6:F2} MB" : "-";
            Console.WriteLine($"| {Path.GetFileName(dir)} | {Size("wren-run")} | {Size("libwren.so")} |");
        }
    }

    /// <summary>The random-weight GGUF of a size and type, written once under .cache/bench-models (Wren.Bench.Runtime's names).</summary>
    private static string Model(string size, string type)
    {
        string dir = Path.GetFullPath(Path.Combine(".cache", "bench-models"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"random-{size}-{type}.gguf");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"writing {path} (once; cached for later runs)");
            RandomLlamaGguf.Write(path, RandomLlamaShape.Preset(size.ToLowerInvariant()), Enum.Parse<GgufExportType>(type, ignoreCase: true), seed: 1);
        }
        return path;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
