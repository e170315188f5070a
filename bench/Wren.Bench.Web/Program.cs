using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Wren.Bench.Web;
using Wren.Edge;
using Wren.Edge.Npm;
using Wren.Export.Gguf;
using Wren.Runtime.Generation;
using Wren.TestModels;

// The engine for `wren export web`, chosen by measurement: the same random-weight GGUF (a real model's shape)
// run by native Wren (`wren generate`'s runtime, in this process) and, in headless Chromium on this machine,
// by llama.cpp's WebAssembly build (wllama, as the exported site runs it) and by Wren's own runtime on .NET
// WebAssembly (--dotnet-wasm). Prints decode and prefill tokens/s (median of the rounds), first-load time and
// download size, and each browser engine's decode speed as a ratio of native Wren's on the same threads.
var options = ParseArgs(args);
string work = Directory.CreateTempSubdirectory("wren-bench-web-").FullName;
try
{
    Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
    string gguf = Path.Combine(work, "model.gguf");
    var shape = RandomLlamaShape.Preset(options.Shape);
    RandomLlamaGguf.Write(gguf, shape, GgufExportTypes.Parse(options.Type), seed: 1);
    Console.WriteLine($"model: random {options.Shape} ({shape.ParameterCount:N0} parameters) {options.Type}, {new FileInfo(gguf).Length:N0} bytes; prompt {Text.Length} chars, {options.Tokens} tokens generated, {options.Rounds} rounds");

    var rows = new List<string[]>();
    var native = new Dictionary<int, double>();
    using (var model = WrenModel.Load(gguf))
    {
        int[] prompt = model.Tokenizer.Encode(Text, addSpecialTokens: true);
        foreach (int threads in options.Threads)
        {
            var scheduling = new GenerationSchedulerOptions { MaxContext = 512, Threads = threads };
            var timings = new List<TextGenerationSummary>();
            for (int r = 0; r <= options.Rounds; r++)
            {
                var result = await PromptContinuation.GenerateAsync(model, Text, prompt, options.Tokens, new SamplingOptions { Temperature = 0 }, scheduling, null, CancellationToken.None);
                if (r > 0) timings.Add(result.Summary); // the first round warms the JIT
            }
            double decode = Median(timings.Select(t => t.DecodeTokensPerSecond));
            native[threads] = decode;
            rows.Add(["native Wren (wren generate)", threads.ToString(CultureInfo.InvariantCulture), "-", "-", F(Median(timings.Select(t => t.PrefillTokensPerSecond))), F(decode), "1.00x"]);
        }
    }

    var store = new NpmPackageStore(options.EngineFrom ?? DefaultEngineFrom());
    EngineFiles engine = EdgeEngine.Resolve(store);
    string site = Path.Combine(work, "wllama");
    Directory.CreateDirectory(Path.Combine(site, "engine"));
    File.Copy(engine.WllamaModule, Path.Combine(site, "engine", "wllama.js"));
    File.Copy(engine.WllamaWasm, Path.Combine(site, "engine", "wllama.wasm"));
    File.Copy(Path.Combine(AppContext.BaseDirectory, "wllama-bench.html"), Path.Combine(site, "bench.html"));
    File.Copy(gguf, Path.Combine(site, "model.gguf"));

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    string query = $"?model=model.gguf&text={Uri.EscapeDataString(Text)}&tokens={options.Tokens}&rounds={options.Rounds}";
    foreach (int threads in options.Threads)
    {
        // Threads need cross-origin isolation, as on a host that sends COOP/COEP.
        var (result, bytes) = await BenchPage.RunAsync(browser, site, $"bench.html{query}&threads={threads}", isolated: threads > 1, TimeSpan.FromMinutes(10));
        rows.Add(Row($"llama.cpp wasm (wllama {EdgeEngine.Wllama.Version})", threads, result, bytes, native[threads]));
        Console.WriteLine(string.Join(" | ", rows[^1]));
    }

    if (options.DotnetWasm)
    {
        string published = Path.Combine(work, "dotnet-wasm");
        string project = Path.Combine(options.RepoRoot, "bench", "Wren.Bench.Web", "DotnetWasm", "Wren.Bench.Web.DotnetWasm.csproj");
        var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", published]) { RedirectStandardOutput = true })!;
        string log = await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException("dotnet publish of the .NET WebAssembly candidate failed:\n" + log);
        string root = Path.Combine(published, "wwwroot");
        File.Copy(Path.Combine(Path.GetDirectoryName(project)!, "bench.html"), Path.Combine(root, "bench.html"), overwrite: true);
        File.Copy(gguf, Path.Combine(root, "model.gguf"), overwrite: true);
        int tokens = Math.Min(options.Tokens, 16);
        var (result, bytes) = await BenchPage.RunAsync(browser, root, $"bench.html?model=model.gguf&text={Uri.EscapeDataString(Text)}&tokens={tokens}&rounds=1", isolated: false, TimeSpan.FromMinutes(10));
        rows.Add(Row("Wren on .NET wasm (interpreter + jiterpreter)", 1, result, bytes, native[options.Threads[0]]));
    }

    Console.WriteLine();
    string[] header = ["engine", "threads", "first load", "download", "prefill tok/s", "decode tok/s", "decode vs native"];
    int[] widths = [.. header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length)))];
    Console.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))));
    foreach (var row in rows) Console.WriteLine(string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))));
    Console.WriteLine($"\nload average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    Directory.Delete(work, recursive: true);
}

static string[] Row(string engine, int threads, JsonElement result, long bytes, double nativeDecode)
{
    if (!result.GetProperty("ok").GetBoolean()) throw new InvalidOperationException($"{engine}: {result.GetProperty("error").GetString()}");
    var rounds = result.GetProperty("rounds").EnumerateArray().ToList();
    double decode = Median(rounds.Select(r => r.GetProperty("decode").GetDouble()));
    return [engine, threads.ToString(CultureInfo.InvariantCulture), $"{result.GetProperty("loadMs").GetDouble() / 1000:F1} s", $"{bytes / 1e6:F1} MB",
        F(Median(rounds.Select(r => r.GetProperty("prefill").GetDouble()))), F(decode), $"{decode / nativeDecode:F2}x"];
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string F(double v) => v.ToString(v >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);

static string DefaultEngineFrom()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "tests", "peers", "edge", "node_modules");
        if (Directory.Exists(Path.Combine(candidate, "@wllama"))) return candidate;
    }
    throw new InvalidOperationException("tests/peers/edge/node_modules not found: run ./test.sh --setup-only, or pass --engine-from a node_modules folder");
}

static BenchOptions ParseArgs(string[] args)
{
    var o = new BenchOptions();
    for (int i = 0; i < args.Length; i++)
    {
        string value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        o = args[i] switch
        {
            "--shape" => o with { Shape = value() },
            "--type" => o with { Type = value() },
            "--threads" => o with { Threads = [.. value().Split(',').Select(int.Parse)] },
            "--tokens" => o with { Tokens = int.Parse(value(), CultureInfo.InvariantCulture) },
            "--rounds" => o with { Rounds = int.Parse(value(), CultureInfo.InvariantCulture) },
            "--engine-from" => o with { EngineFrom = value() },
            "--dotnet-wasm" => o with { DotnetWasm = true },
            _ => throw new ArgumentException($"unknown option {args[i]}: --shape 15m|110m --type q8_0|q4_0|f16|f32 --threads 1,2 --tokens N --rounds N --engine-from DIR --dotnet-wasm"),
        };
    }
    return o;
}

internal sealed record BenchOptions
{
    public string Shape { get; init; } = "15m";
    public string Type { get; init; } = "q8_0";
    public int[] Threads { get; init; } = [1, 2];
    public int Tokens { get; init; } = 64;
    public int Rounds { get; init; } = 3;
    public string? EngineFrom { get; init; }
    public bool DotnetWasm { get; init; }

    public string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}

internal static partial class Program
{
    private const string Text = "The state of the Union is strong, and the people of this nation have built it with their own hands, " +
        "in the factories and on the farms, in the schools and in the hospitals, year after year.";
}
