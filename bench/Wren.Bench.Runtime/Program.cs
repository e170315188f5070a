using System.Globalization;
using System.Runtime.Intrinsics;
using Wren.Bench.Runtime;
using Wren.Runtime.Tensors;

// Usage: dotnet run -c Release --project bench/Wren.Bench.Runtime -- [--sizes 15M,110M,500M,1B,1.7B,3B,3B-qwen] [--threads 1,2] [--dtypes F32,F16,Q8_0,Q4_0,Q4_1,Q5_1,Q4_K] [--decode N] [--prompt N,N] [--rounds N] [--cold-rounds N] [--no-llamacpp] [--profile]
// Defaults: 15M and 110M, F32, F16 and Q8_0, prompt 64, 1 and 2 threads, Wren and llama.cpp on the same GGUF file.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains(ColdStart.ChildFlag))
{
    ColdStart.Child(args); // one engine's load, time to first token and peak RSS, in a child of the main run
    return;
}
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
          --sizes 15M,110M        model shapes, as Llamas: 15M, 110M (llama2.c stories), 500M or 0.5B (Qwen2.5-0.5B),
                                  1B (Llama-3.2-1B), 1.7B (SmolLM2-1.7B), 3B (Llama-3.2-3B), 3B-qwen (Qwen2.5-3B); default 15M,110M
          --dtypes F32,F16,Q8_0   weight types (also Q4_0, Q4_1, Q5_1 (output Q6_K), and Q4_K: llama-quantize's Q4_K_M mix,
                                  Q6_K for the output and half of attn_v/ffn_down); default F32,F16,Q8_0
          --threads 1,2           thread counts; default 1,2
          --prompt 64,512         prompt tokens for prefill (one case per length); default 64
          --decode N              decoded tokens per round; default 32
          --rounds N              measured rounds per engine and case, alternating the engines; default 5
          --cold-rounds N         per case, N alternating child processes per engine that load the model, prefill and
                                  decode once: time to first token (from the start of the load) and peak RSS; default 3, 0: off
          --model-dir DIR         where the random-weight GGUF files go; default .cache/bench-models
          --keep-models           keep GGUF files of 1 GB and more (default: deleted once their cases are done)
          --no-llamacpp           measure Wren only
          --profile               before each model's rows, where one decode step's time goes on one thread
                                  (each kind of matrix-vector product on the model's weights, and the rest), and
                                  where one prefill of the first --prompt's tokens goes (the products per weight type)
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

var models = Option("--sizes", "15M,110M").Split(',').Select(BenchModel.Find).ToArray();
var threadCounts = Option("--threads", "1,2").Split(',').Select(int.Parse).ToArray();
var dtypes = Option("--dtypes", "F32,F16,Q8_0").Split(',').Select(Enum.Parse<WeightDType>).ToArray();
var prompts = Option("--prompt", "64").Split(',').Select(int.Parse).ToArray();
int coldRounds = int.Parse(Option("--cold-rounds", "3"));
BenchModel.Directory = Option("--model-dir", BenchModel.Directory);
var settings = new BenchSettings(prompts[0], int.Parse(Option("--decode", "32")), int.Parse(Option("--rounds", "5")));
if (settings.Rounds < 1) throw new ArgumentException("--rounds must be at least 1");

Console.WriteLine($"Wren runtime benchmark: {Environment.ProcessorCount} logical CPUs, Wren's kernels on {Wren.Runtime.Kernels.KernelPaths.Widest} (Vector512={Vector512.IsHardwareAccelerated}, Vector256={Vector256.IsHardwareAccelerated}), llama.cpp build: {(Option("--llamacpp-avx", "") is { Length: > 0 } level ? level : "best for this CPU")}, .NET {Environment.Version}");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"prompt {string.Join(" and ", prompts)} tokens, decode {settings.DecodeTokens} tokens; per case one warm-up round, then {settings.Rounds} measured rounds alternating the engines (A B, B A, ...); medians reported; random weights of realistic shapes");
Console.WriteLine();

var copy = threadCounts.ToDictionary(t => t, MachineFigures.CopyBandwidth);
foreach (var (t, gbs) in copy) Console.WriteLine($"STREAM-like copy, {t} thread(s): {gbs:F1} GB/s (read + write)");
Console.WriteLine($"GEMM [128x1024] x [1024x1024]^T, 1 thread: F32 weights {MachineFigures.GemmGflops(WeightDType.F32):F1} GFLOP/s, F16 weights {MachineFigures.GemmGflops(WeightDType.F16):F1} GFLOP/s");
Console.WriteLine();

var wren = new WrenEngine { Profile = args.Contains("--profile") };
IInferenceEngine[] engines = args.Contains("--no-llamacpp") ? [wren] : [wren, new LlamaCppEngine { AvxLevel = Option("--llamacpp-avx", "") }];
var header = $"{"model",-7} {"params",8} {"dtype",-5} {"prompt",6} {"thr",3} {"engine",-9} {"prefill tok/s",13} {"decode tok/s",12} {"best",7} {"weights GB/s",12} {"% of copy",9} {"CPU ms/tok",10} {"1st tok ms",10} {"peak MB",9}";
Console.WriteLine(header);
Console.WriteLine(new string('-', header.Length));
var summary = new List<string>();
foreach (var model in models)
{
    foreach (var dtype in dtypes)
    {
        foreach (int promptTokens in prompts)
        {
            var caseSettings = settings with { PromptTokens = promptTokens };
            foreach (int threads in threadCounts)
            {
                var cases = engines.Select(e => (Engine: e, Run: e.Prepare(model, dtype, threads, caseSettings))).Where(c => c.Run is not null).Select(c => (c.Engine, Run: c.Run!)).ToArray();
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

                // Cold starts in child processes, alternating the engines as the rounds do.
                var cold = cases.Select(_ => new List<ColdStart.Result>()).ToArray();
                for (int round = 0; round < coldRounds; round++)
                {
                    for (int j = 0; j < cases.Length; j++)
                    {
                        int e = round % 2 == 0 ? j : cases.Length - 1 - j;
                        cold[e].Add(ColdStart.Run(cases[e].Engine.Name, model, dtype, threads, caseSettings, Option("--llamacpp-avx", "")));
                    }
                }

                string load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                EngineSummary? reference = null;
                (double FirstMs, double RssMb) referenceCold = default;
                for (int e = 0; e < cases.Length; e++)
                {
                    var s = new EngineSummary(rounds[e], cases[e].Run.WeightBytesPerToken);
                    cases[e].Run.Dispose();
                    double gbs = s.DecodeTokensPerSecond * s.WeightBytesPerToken / 1e9;
                    (double FirstMs, double RssMb) c = cold[e].Count == 0 ? (double.NaN, double.NaN)
                        : (EngineSummary.Median(cold[e].Select(r => r.FirstTokenMs)), EngineSummary.Median(cold[e].Select(r => r.PeakRssBytes / 1e6)));
                    string ratio = "";
                    if (reference is not null)
                    {
                        // Paired: each round's Wren rate over the other engine's rate in the same round (adjacent in time).
                        var paired = reference.Rounds.Zip(s.Rounds, (a, b) => a.DecodeTokensPerSecond / b.DecodeTokensPerSecond).ToArray();
                        double median = reference.DecodeTokensPerSecond / s.DecodeTokensPerSecond, best = reference.BestDecodeTokensPerSecond / s.BestDecodeTokensPerSecond;
                        double prefill = reference.PrefillTokensPerSecond / s.PrefillTokensPerSecond, cpu = s.DecodeCpuMillisecondsPerToken / reference.DecodeCpuMillisecondsPerToken;
                        double prefillCpu = s.PrefillCpuMillisecondsPerToken / reference.PrefillCpuMillisecondsPerToken;
                        double first = c.FirstMs / referenceCold.FirstMs, rss = referenceCold.RssMb / c.RssMb;
                        ratio = $"  Wren/{cases[e].Engine.Name}: decode {median:F2}x of medians, {best:F2}x of bests, paired rounds {EngineSummary.Median(paired):F2}x [{paired.Min():F2}-{paired.Max():F2}]; prefill {prefill:F2}x (CPU time {prefillCpu:F2}x); CPU ms/tok theirs/Wren's {cpu:F2}x";
                        summary.Add($"| {model.Name} | {dtype} | {promptTokens} | {threads} | {median:F2}x | {EngineSummary.Median(paired):F2}x [{paired.Min():F2}-{paired.Max():F2}] | {prefill:F2}x | {prefillCpu:F2}x | {cpu:F2}x | {referenceCold.FirstMs:F0} / {c.FirstMs:F0} ({first:F2}x) | {referenceCold.RssMb:F0} / {c.RssMb:F0} ({rss:F2}x) | {load} |");
                    }

                    Console.WriteLine($"{model.Name,-7} {model.Shape.ParameterCount / 1e6,7:F0}M {dtype,-5} {promptTokens,6} {threads,3} {cases[e].Engine.Name,-9} {s.PrefillTokensPerSecond,13:F1} {s.DecodeTokensPerSecond,12:F1} {s.BestDecodeTokensPerSecond,7:F1} {gbs,12:F2} {100 * gbs / copy[threads],8:F0}% {s.DecodeCpuMillisecondsPerToken,10:F2} {c.FirstMs,10:F0} {c.RssMb,9:F0}{ratio}");
                    reference ??= s;
                    if (e == 0) referenceCold = c;
                }
            }
        }

        // The engines drop this file when the next one loads; big ones go now so a full matrix fits on a small disk.
        if (!args.Contains("--keep-models")) model.DeleteIfLarge(dtype, keepBelowBytes: 1L << 30);
    }
}

foreach (var e in engines.OfType<IDisposable>()) e.Dispose();
Console.WriteLine();
Console.WriteLine("prefill tok/s, decode tok/s, weights GB/s and CPU ms/tok are medians over the measured rounds; best = the fastest round's decode tok/s.");
Console.WriteLine("weights GB/s = decode tok/s x bytes of weights read per token; % of copy compares it with the copy bandwidth (read + write) at the same thread count.");
Console.WriteLine("CPU ms/tok = process CPU time per decoded token (all threads, spinning included); stable when other work shares the machine. The prefill ratio in CPU time is the same measure for the prompt (theirs ÷ Wren's, above 1.00 = Wren cheaper).");
Console.WriteLine("1st tok ms and peak MB: medians of --cold-rounds child processes per engine: load + prefill + first token from a warm file cache, and VmHWM.");
Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
if (summary.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Wren / llama.cpp, {settings.Rounds} alternating rounds per case (decode: ratio of the median rounds, and the median of per-round ratios [range]); time to first token (ratio: llama.cpp's time ÷ Wren's, above 1.00 = Wren first) and peak RSS (ratio: Wren's ÷ llama.cpp's, the goal is at most 1.10) of {coldRounds} child processes per engine; the 1-minute load average after the case:");
    Console.WriteLine("| model | dtype | prompt | threads | decode (medians) | decode (paired) | prefill (medians) | prefill CPU time theirs/Wren's | CPU ms/tok theirs/Wren's | first token ms, Wren / llama.cpp (theirs ÷ Wren's) | peak RSS MB, Wren / llama.cpp (Wren's ÷ theirs) | load |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    foreach (string line in summary) Console.WriteLine(line);
}
