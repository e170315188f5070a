// Load test of the OpenAI-compatible server: N concurrent streaming clients on loopback.
// Usage: dotnet run -c Release --project bench/Wren.Bench.Server -- [MODEL_FOLDER] [--clients N] [--tokens T] [--peer-url URL]
// Wren is measured at --parallel 1 (one sequence at a time) and --parallel N (round-robin scheduler) in the same run.
// --peer-url points the same load at any other OpenAI-compatible server (e.g. llama.cpp's llama-server, or a
// LLamaSharp batched-executor host) on the same machine; a built-in LLamaSharp peer needs a GGUF of the model,
// which arrives with the gguf stage: that is the hook, left open here.
using System.Diagnostics;
using System.Globalization;
using Wren.Bench.Server;
using Wren.Runtime.Chat;
using Wren.Server;

string modelFolder = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal)
    ? args[0]
    : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "tests", "TestData", "hf-reference", "tiny-llama");
int clients = Arg("--clients", 8);
int tokens = Arg("--tokens", 32);
string? peer = ArgString("--peer-url");

using var model = WrenModel.Load(modelFolder);
var rows = new List<LoadResult>();
foreach (int parallel in new[] { 1, clients })
{
    using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { Parallel = parallel, MaxQueue = clients * 2 });
    await using var server = await WrenServer.StartAsync(scheduler, new WrenServerOptions { Port = 0 });
    await LoadTest.RunAsync(server.Address, model.Name, 2, 4); // warm-up
    rows.Add(await LoadTest.RunAsync(server.Address, model.Name, clients, tokens) with { Name = $"wren --parallel {parallel}" });
}
if (peer is not null) rows.Add(await LoadTest.RunAsync(new Uri(peer), null, clients, tokens) with { Name = $"peer {peer}" });

Console.WriteLine($"model {model.Name}, {clients} concurrent streaming clients, {tokens} tokens each, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"server",-28} {"tokens/s",10} {"ratio",7} {"TTFT p50 ms",12} {"TTFT p99 ms",12} {"wall s",8}");
double baseline = rows[0].TokensPerSecond;
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Name,-28} {r.TokensPerSecond,10:F1} {r.TokensPerSecond / baseline,7:F2} {r.TtftP50.TotalMilliseconds,12:F1} {r.TtftP99.TotalMilliseconds,12:F1} {r.Wall.TotalSeconds,8:F2}"));
}

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string? ArgString(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
