using System.Globalization;
using System.Runtime.Intrinsics;
using Wren.Bench.Runtime;
using Wren.Runtime.Tensors;

// Usage: dotnet run -c Release --project bench/Wren.Bench.Runtime -- [--sizes 15M,110M,500M] [--threads 1,2] [--dtypes F32,F16,Q8_0] [--decode N] [--prompt N] [--rounds N] [--no-llamacpp] [--profile]
// Defaults: 15M and 110M, F32, F16 and Q8_0, 1 and 2 threads, Wren and llama.cpp on the same GGUF file.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains("--kernel-figures"))
{
    KernelFigures.Print(); // one width, in a child of --kernel-widths
    return;
}
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
          --decode N              decoded tokens per round; default 32
          --rounds N              measured rounds per engine and case, alternating the engines; default 5
          --no-llamacpp           measure Wren only
          --profile               before each model's rows, where one decode step's time goes on one thread
                                  (each kind of matrix-vector product on the model's weights, and the rest)
          --llamacpp-avx LEVEL    which llama.cpp build LLamaSharp loads: none (SSE2 only, 128-bit), avx, avx2, avx512;
                                  default: the best this CPU runs. With DOTNET_PreferredVectorBitWidth=128 in the
                                  environment Wren runs its 128-bit kernels, and --llamacpp-avx none limits llama.cpp alike
          --kernel-widths [N]     instead of models: each runtime kernel's rate at 512-, 256- and 128-bit vectors (child
                                  processes with the wider ones switched off), best of N alternating rounds (default 3),
                                  and the 128-bit path's rate per lane over the wider ones'

        Each case (size, dtype, threads) loads every engine, runs one warm-up round each, then --rounds rounds that
        alternate the engines (Wren, llama.cpp, llama.cpp, Wren, ...), so both see the same moments of a shared machine.
        Columns: prefill/decode tok/s (wall clock, median of the rounds) and the best round's decode tok/s, weights GB/s
        (decode tok/s x weight bytes per token) beside a STREAM-like copy bandwidth measured in the same run, CPU ms/tok
        (process CPU time per decoded token, steadier than wall time on a shared machine). Ratios Wren/llama.cpp: of the
        median rounds, of the best rounds, and the median of per-round ratios (each Wren round over the llama.cpp round
        next to it in time); a markdown summary table closes the run.
        Example: dotnet run -c Release --project bench/Wren.Bench.Runtime -- --sizes 15M --dtypes Q8_0 --threads 1
        """);
    return;
}

string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

if (args.Contains("--kernel-widths"))
{
    KernelWidthSweep.Run(int.TryParse(Option("--kernel-widths", "3"), out int widthRounds) ? widthRounds : 3);
    return;
}

var sizes = Option("--sizes", "15M,110M").Split(',');
var threadCounts = Option("--threads", "1,2").Split(',').Select(int.Parse).ToArray();
var dtypes = Option("--dtypes", "F32,F16,Q8_0").Split(',').Select(Enum.Parse<WeightDType>).ToArray();
var settings = new BenchSettings(int.Parse(Option("--prompt", "64")), int.Parse(Option("--decode", "32")), int.Parse(Option("--rounds", "5")));
if (settings.Rounds < 1) throw new ArgumentException("--rounds must be at least 1");

Console.WriteLine($"Wren runtime benchmark: {Environment.ProcessorCount} logical CPUs, Wren's kernels on {Wren.Runtime.Kernels.KernelPaths.Widest} (Vector512={Vector512.IsHardwareAccelerated}, Vector256={Vector256.IsHardwareAccelerated}), llama.cpp build: {(Option("--llamacpp-avx", "") is { Length: > 0 } level ? level : "best for this CPU")}, .NET {Environment.Version}");
Console.WriteLine($"prompt {settings.PromptTokens} tokens, decode {settings.DecodeTokens} tokens; per case one warm-up round, then {settings.Rounds} measured rounds alternating the engines (A B, B A, ...); medians reported; random weights of realistic shapes");
Console.WriteLine();

var copy = threadCounts.ToDictionary(t => t, MachineFigures.CopyBandwidth);
foreach (var (t, gbs) in copy) Console.WriteLine($"STREAM-like copy, {t} thread(s): {gbs:F1} GB/s (read + write)");
Console.WriteLine($"GEMM [128x1024] x [1024x1024]^T, 1 thread: F32 weights {MachineFigures.GemmGflops(WeightDType.F32):F1} GFLOP/s, F16 weights {MachineFigures.GemmGflops(WeightDType.F16):F1} GFLOP/s");
Console.WriteLine();

var wren = new WrenEngine { Profile = args.Contains("--profile") };
IInferenceEngine[] engines = args.Contains("--no-llamacpp") ? [wren] : [wren, new LlamaCppEngine { AvxLevel = Option("--llamacpp-avx", "") }];
var header = $"{"model",-6} {"params",8} {"dtype",-5} {"thr",3} {"engine",-9} {"prefill tok/s",13} {"decode tok/s",12} {"best",7} {"weights GB/s",12} {"% of copy",9} {"CPU ms/tok",10}";
Console.WriteLine(header);
Console.WriteLine(new string('-', header.Length));
var summary = new List<string>();
foreach (var model in BenchModel.All.Where(m => sizes.Contains(m.Name)))
{
    foreach (var dtype in dtypes)
    {
        foreach (int threads in threadCounts)
        {
            var cases = engines.Select(e => (Engine: e, Run: e.Prepare(model, dtype, threads, settings))).Where(c => c.Run is not null).Select(c => (c.Engine, Run: c.Run!)).ToArray();
            var rounds = cases.Select(_ => new List<RoundResult>()).ToArray();
            for (int round = -1; round < settings.Rounds; round++)
            {
                // Odd rounds run the engines in reverse order, so neither always follows the other (A B B A ...);
                // the pause lets the other engine's spinning threads (Wren's pool, llama.cpp's OpenMP team) go to sleep.
                for (int j = 0; j < cases.Length; j++)
                {
                    int e = round % 2 == 0 ? j : cases.Length - 1 - j;
                    Thread.Sleep(100);
                    var r = cases[e].Run.RunRound();
                    if (round >= 0) rounds[e].Add(r); // round -1 is the warm-up (JIT, page faults, caches)
                }
            }

            EngineSummary? reference = null;
            for (int e = 0; e < cases.Length; e++)
            {
                var s = new EngineSummary(rounds[e], cases[e].Run.WeightBytesPerToken);
                cases[e].Run.Dispose();
                double gbs = s.DecodeTokensPerSecond * s.WeightBytesPerToken / 1e9;
                string ratio = "";
                if (reference is not null)
                {
                    // Paired: each round's Wren rate over the other engine's rate in the same round (adjacent in time).
                    var paired = reference.Rounds.Zip(s.Rounds, (a, b) => a.DecodeTokensPerSecond / b.DecodeTokensPerSecond).ToArray();
                    double median = reference.DecodeTokensPerSecond / s.DecodeTokensPerSecond, best = reference.BestDecodeTokensPerSecond / s.BestDecodeTokensPerSecond;
                    double prefill = reference.PrefillTokensPerSecond / s.PrefillTokensPerSecond, cpu = s.DecodeCpuMillisecondsPerToken / reference.DecodeCpuMillisecondsPerToken;
                    ratio = $"  Wren/{cases[e].Engine.Name}: decode {median:F2}x of medians, {best:F2}x of bests, paired rounds {EngineSummary.Median(paired):F2}x [{paired.Min():F2}-{paired.Max():F2}]; prefill {prefill:F2}x; CPU ms/tok theirs/Wren's {cpu:F2}x";
                    summary.Add($"| {model.Name} | {dtype} | {threads} | {median:F2}x | {best:F2}x | {EngineSummary.Median(paired):F2}x [{paired.Min():F2}-{paired.Max():F2}] | {prefill:F2}x | {cpu:F2}x |");
                }

                Console.WriteLine($"{model.Name,-6} {model.Config.ParameterCount / 1e6,7:F1}M {dtype,-5} {threads,3} {cases[e].Engine.Name,-9} {s.PrefillTokensPerSecond,13:F1} {s.DecodeTokensPerSecond,12:F1} {s.BestDecodeTokensPerSecond,7:F1} {gbs,12:F2} {100 * gbs / copy[threads],8:F0}% {s.DecodeCpuMillisecondsPerToken,10:F2}{ratio}");
                reference ??= s;
            }
        }
    }
}

foreach (var e in engines.OfType<IDisposable>()) e.Dispose();
Console.WriteLine();
Console.WriteLine("prefill tok/s, decode tok/s, weights GB/s and CPU ms/tok are medians over the measured rounds; best = the fastest round's decode tok/s.");
Console.WriteLine("weights GB/s = decode tok/s x bytes of weights read per token; % of copy compares it with the copy bandwidth (read + write) at the same thread count.");
Console.WriteLine("CPU ms/tok = process CPU time per decoded token (all threads, spinning included); stable when other work shares the machine.");
if (summary.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Wren / llama.cpp, {settings.Rounds} alternating rounds per case (decode: ratio of the median rounds, of the best rounds, and the median of per-round ratios [range]):");
    Console.WriteLine("| model | dtype | threads | decode (medians) | decode (bests) | decode (paired) | prefill (medians) | CPU ms/tok theirs/Wren's |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
    foreach (string line in summary) Console.WriteLine(line);
}
