// Load test of the OpenAI-compatible server against llama.cpp, both on loopback, same GGUF, same prompts.
// Usage: dotnet run -c Release --project bench/Wren.Bench.Server -- [--shape 15m|110m] [--type f32|f16|q8_0|q4_0]
//        [--clients N] [--tokens T] [--threads K] [--steps S] [--peer-url URL]
// 1. Decode steps without HTTP: B sequences advanced one at a time vs in one BatchedDecoder step.
// 2. N concurrent streaming clients against `wren serve` (in process, --parallel 1 and --parallel N) and against
//    llama.cpp through LLamaSharp 0.30.0's BatchedExecutor hosted behind a minimal OpenAI-compatible SSE endpoint
//    in this process (LlamaCppBatchedServer). Each server runs alone (the previous one is stopped first).
//    --peer-url adds any other OpenAI-compatible server (e.g. llama.cpp's llama-server on the same GGUF) as a row.
using System.Globalization;
using Wren.Bench.Server;
using Wren.Export.Gguf;
using Wren.Runtime.Generation;
using Wren.Server;
using Wren.Templates;

string shape = ArgString("--shape") ?? "110m";
var type = Enum.Parse<GgufExportType>(ArgString("--type") ?? "F16", ignoreCase: true);
int clients = Arg("--clients", 8);
int tokens = Arg("--tokens", 32);
int threads = Arg("--threads", Environment.ProcessorCount);
int steps = Arg("--steps", 16);
string? peerUrl = ArgString("--peer-url");

using var tokenizerSource = WrenModel.Load(BenchServerModel.TokenizerFolder, ChatTemplates.Jinja);
string gguf = BenchServerModel.GgufPath(shape, type, tokenizerSource.Model.Config.VocabSize);
using var model = BenchServerModel.Load(gguf, tokenizerSource);
var c = model.Model.Config;
Console.WriteLine($"model {Path.GetFileName(gguf)}: hidden {c.HiddenSize}, {c.NumHiddenLayers} layers, ffn {c.IntermediateSize}, vocab {c.VocabSize}, {type}; " +
    $"{threads} threads on {Environment.ProcessorCount} cores, load average {LoadAverage()}");

Console.WriteLine();
Console.WriteLine("decode steps (no HTTP): B sequences, one InferenceSession.Decode each vs one BatchedDecoder step");
Console.WriteLine($"{"B",3} {"one at a time tok/s",20} {"batched tok/s",14} {"ratio",7}");
foreach (int b in new[] { 1, 2, 4, 8, 16 }.Where(b => b <= Math.Max(clients, 1)))
{
    var (alone, together) = DecodeStepBench.Run(model.Model, b, steps, threads);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b,3} {alone,20:F1} {together,14:F1} {together / alone,7:F2}"));
}

// The bench model is Llama-shaped, so its feed-forward is gated.
var ffn = model.Model.Weights.Layers[0].Gate!.Weight;
Console.WriteLine();
Console.WriteLine($"one linear layer (gate_proj [{ffn.Rows}, {ffn.Cols}] {ffn.DType}), one thread, tokens/s through it:");
Console.WriteLine($"{"B",3} {"B matvecs",12} {"blocked (exact)",16} {"GEMM (prefill)",15}");
foreach (int b in new[] { 1, 2, 4, 8, 16 }.Where(b => b <= Math.Max(clients, 1)))
{
    var (separate, blocked, gemm) = LinearKernelBench.Run(ffn, b, repeats: 20);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b,3} {separate,12:F0} {blocked,16:F0} {gemm,15:F0}"));
}

var rows = new List<LoadResult>();
foreach (int parallel in new[] { 1, clients })
{
    using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { Parallel = parallel, MaxQueue = clients * 2, Threads = threads });
    await using var server = await WrenServer.StartAsync(scheduler, new WrenServerOptions { Port = 0 });
    await LoadTest.RunAsync(server.Address, model.Name, 2, 4); // warm-up
    rows.Add(await LoadTest.RunAsync(server.Address, model.Name, clients, tokens) with { Name = $"wren serve --parallel {parallel}" });
}

await using (var peer = await LlamaCppBatchedServer.StartAsync(gguf, model, clients, threads))
{
    await LoadTest.RunAsync(peer.Address, null, 2, 4); // warm-up
    rows.Add(await LoadTest.RunAsync(peer.Address, null, clients, tokens) with { Name = $"llama.cpp BatchedExecutor x{clients}" });
}

if (peerUrl is not null) rows.Insert(rows.Count - 1, await LoadTest.RunAsync(new Uri(peerUrl), null, clients, tokens) with { Name = $"peer {peerUrl}" });

Console.WriteLine();
Console.WriteLine($"{clients} concurrent streaming clients, {tokens} tokens each (greedy), load average after: {LoadAverage()}");
Console.WriteLine($"{"server",-32} {"tokens/s",9} {"vs llama.cpp",13} {"TTFT p50 ms",12} {"TTFT p99 ms",12} {"wall s",7}");
var llama = rows[^1];
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Name,-32} {r.TokensPerSecond,9:F1} {r.TokensPerSecond / llama.TokensPerSecond,12:F2}x {r.TtftP50.TotalMilliseconds,12:F1} {r.TtftP99.TotalMilliseconds,12:F1} {r.Wall.TotalSeconds,7:F2}"));
}

var wren = rows[1];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"wren --parallel {clients} / llama.cpp: throughput {wren.TokensPerSecond / llama.TokensPerSecond:F2}x, TTFT p50 {wren.TtftP50.TotalMilliseconds / llama.TtftP50.TotalMilliseconds:F2}x, TTFT p99 {wren.TtftP99.TotalMilliseconds / llama.TtftP99.TotalMilliseconds:F2}x (TTFT: lower is better)"));

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

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
