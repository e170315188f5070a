using System.Globalization;
using System.Runtime.Intrinsics;
using Wren.Bench.Runtime;
using Wren.Runtime.Tensors;

// Usage: dotnet run -c Release --project bench/Wren.Bench.Runtime -- [--sizes 15M,110M,500M] [--threads 1,2] [--dtypes F32,F16,Q8_0] [--decode N] [--prompt N] [--no-llamacpp] [--profile]
// Defaults: 15M and 110M, F32, F16 and Q8_0, 1 and 2 threads, Wren and llama.cpp on the same GGUF file.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Wren.Bench.Runtime: decode and prefill tokens/s of Wren vs llama.cpp (LLamaSharp 0.30.0, CPU backend),
        both loading the same random-weight GGUF file (written once to .cache/bench-models/), side by side in one run.

        Options:
          --sizes 15M,110M,500M   model shapes (stories15M, stories110M, Qwen2.5-0.5B as a Llama); default 15M,110M
          --dtypes F32,F16,Q8_0   weight types (also Q4_0, and Q4_K: llama-quantize's Q4_K_M mix); default F32,F16,Q8_0
          --threads 1,2           thread counts; default 1,2
          --prompt N              prompt tokens for prefill; default 64
          --decode N              decoded tokens; default 32
          --no-llamacpp           measure Wren only
          --profile               before each model's rows, where one decode step's time goes on one thread
                                  (each kind of matrix-vector product on the model's weights, and the rest)

        Columns: prefill/decode tok/s (wall clock, best of 2), weights GB/s (decode tok/s x weight bytes per token)
        beside a STREAM-like copy bandwidth measured in the same run, CPU ms/tok (process CPU time per decoded token,
        steadier than wall time on a shared machine) and the ratio of each engine's decode tok/s to Wren's.
        Example: dotnet run -c Release --project bench/Wren.Bench.Runtime -- --sizes 15M --dtypes Q8_0 --threads 1
        """);
    return;
}

string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var sizes = Option("--sizes", "15M,110M").Split(',');
var threadCounts = Option("--threads", "1,2").Split(',').Select(int.Parse).ToArray();
var dtypes = Option("--dtypes", "F32,F16,Q8_0").Split(',').Select(Enum.Parse<WeightDType>).ToArray();
var settings = new BenchSettings(int.Parse(Option("--prompt", "64")), int.Parse(Option("--decode", "32")), Repeats: 2);

Console.WriteLine($"Wren runtime benchmark: {Environment.ProcessorCount} logical CPUs, Vector512={Vector512.IsHardwareAccelerated}, Vector256={Vector256.IsHardwareAccelerated}, .NET {Environment.Version}");
Console.WriteLine($"prompt {settings.PromptTokens} tokens, decode {settings.DecodeTokens} tokens, best of {settings.Repeats}; random weights of realistic shapes");
Console.WriteLine();

var copy = threadCounts.ToDictionary(t => t, MachineFigures.CopyBandwidth);
foreach (var (t, gbs) in copy) Console.WriteLine($"STREAM-like copy, {t} thread(s): {gbs:F1} GB/s (read + write)");
Console.WriteLine($"GEMM [128x1024] x [1024x1024]^T, 1 thread: F32 weights {MachineFigures.GemmGflops(WeightDType.F32):F1} GFLOP/s, F16 weights {MachineFigures.GemmGflops(WeightDType.F16):F1} GFLOP/s");
Console.WriteLine();

var wren = new WrenEngine { Profile = args.Contains("--profile") };
IInferenceEngine[] engines = args.Contains("--no-llamacpp") ? [wren] : [wren, new LlamaCppEngine()];
var header = $"{"model",-6} {"params",8} {"dtype",-5} {"thr",3} {"engine",-8} {"prefill tok/s",14} {"decode tok/s",13} {"weights GB/s",13} {"% of copy",10} {"CPU ms/tok",11}";
Console.WriteLine(header);
Console.WriteLine(new string('-', header.Length));
foreach (var model in BenchModel.All.Where(m => sizes.Contains(m.Name)))
{
    foreach (var dtype in dtypes)
    {
        foreach (int threads in threadCounts)
        {
            EngineResult? reference = null;
            foreach (var engine in engines)
            {
                var r = engine.Measure(model, dtype, threads, settings);
                if (r is null) continue;
                double gbs = r.DecodeTokensPerSecond * r.WeightBytesPerToken / 1e9;
                string ratio = reference is null ? "" : $"  Wren/llama.cpp: decode {reference.DecodeTokensPerSecond / r.DecodeTokensPerSecond:F2}x, prefill {reference.PrefillTokensPerSecond / r.PrefillTokensPerSecond:F2}x, llama.cpp CPU ms/tok over Wren's {r.DecodeCpuMillisecondsPerToken / reference.DecodeCpuMillisecondsPerToken:F2}x";
                Console.WriteLine($"{model.Name,-6} {model.Config.ParameterCount / 1e6,7:F1}M {dtype,-5} {threads,3} {engine.Name,-8} {r.PrefillTokensPerSecond,14:F1} {r.DecodeTokensPerSecond,13:F1} {gbs,13:F2} {100 * gbs / copy[threads],9:F0}% {r.DecodeCpuMillisecondsPerToken,11:F2}{ratio}");
                reference ??= r;
            }
        }
    }
}

foreach (var e in engines.OfType<IDisposable>()) e.Dispose();
Console.WriteLine();
Console.WriteLine("weights GB/s = decode tok/s x bytes of weights read per token; % of copy compares it with the copy bandwidth (read + write) at the same thread count.");
Console.WriteLine("CPU ms/tok = process CPU time per decoded token (all threads, spinning included); stable when other work shares the machine.");
