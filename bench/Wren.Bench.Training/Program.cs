using System.Diagnostics;
using Spectre.Console;
using Wren.Bench.Training;
using Wren.Runtime.Threading;
using Wren.Training.Layers;
using Wren.Training.Model;
using Wren.Training.Optimization;
using Wren.Training.Trainer;

// Training throughput of the ~10M (small) and ~30M (base) presets at B x T = 8 x 256, vocabulary 4096, with 1 and
// 2 threads, beside the machine's SGEMM ceiling (OpenBLAS cblas_sgemm) measured in the same run.
// Usage: dotnet run -c Release --project bench/Wren.Bench.Training [-- --steps N --presets small,base --threads 1,2]
int steps = 3;
string[] presets = ["small", "base"];
int[] threadCounts = [1, 2];
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--steps") steps = int.Parse(args[i + 1]);
    else if (args[i] == "--presets") presets = args[i + 1].Split(',');
    else if (args[i] == "--threads") threadCounts = args[i + 1].Split(',').Select(int.Parse).ToArray();
}

const int B = 8, T = 256, V = 4096;
var ceiling = new Dictionary<int, double>();
var ours = new Dictionary<int, double>();
bool blas = OpenBlas.Available;
foreach (int threads in threadCounts)
{
    using var pool = new WorkerPool(threads);
    ours[threads] = MeasureGemm(pool, blas: false, threads);
    ceiling[threads] = blas ? MeasureGemm(pool, blas: true, threads) : double.NaN;
}

var gemmTable = new Table().AddColumns("threads", "OpenBLAS sgemm GFLOP/s", "Wren GEMM GFLOP/s", "Wren / OpenBLAS");
foreach (int threads in threadCounts)
    gemmTable.AddRow($"{threads}", $"{ceiling[threads] / 1e9:F1}", $"{ours[threads] / 1e9:F1}", $"{ours[threads] / ceiling[threads]:P0}");
AnsiConsole.MarkupLine("[bold]SGEMM 2048 x 512 x 1408 (C = A Bᵀ)[/]");
AnsiConsole.Write(gemmTable);

var table = new Table().AddColumns("preset", "params", "threads", "step s", "tokens/s", "MFU vs OpenBLAS", "MFU vs Wren GEMM", "peak RSS MiB");
foreach (var preset in presets)
{
    var config = ModelPresets.Resolve(preset, V, T);
    foreach (int threads in threadCounts)
    {
        using var pool = new WorkerPool(threads);
        var model = new LlamaTrainingModel(config, B, T, pool);
        model.InitializeRandom(1);
        var optimizer = new AdamW(model.Parameters, new AdamWOptions());
        var rng = new SeededRandom(2);
        var inputs = new int[B * T];
        var targets = new int[B * T];
        for (int i = 0; i < inputs.Length; i++) { inputs[i] = (int)rng.NextInt64(V); targets[i] = (int)rng.NextInt64(V); }
        void Step()
        {
            model.Parameters.ZeroGradients();
            model.ComputeGradients(inputs, targets);
            GradientClipping.ClipByGlobalNorm(model.Parameters, 1.0);
            optimizer.Update(1e-3);
        }

        Step(); // warm-up: JIT and first touch of every buffer
        var clock = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++) Step();
        double stepSeconds = clock.Elapsed.TotalSeconds / steps;
        double tokensPerSecond = B * T / stepSeconds;
        double flops = model.FlopsPerToken * tokensPerSecond;
        long rss = Process.GetCurrentProcess().PeakWorkingSet64;
        string[] row = [preset, $"{config.ParameterCount / 1e6:F1}M", $"{threads}", $"{stepSeconds:F2}", $"{tokensPerSecond:N0}",
            $"{flops / ceiling[threads]:P1}", $"{flops / ours[threads]:P1}", $"{rss / (1 << 20):N0}"];
        table.AddRow(row);
        Console.WriteLine("measured: " + string.Join(" | ", row)); // one line per configuration as it finishes
    }
}

AnsiConsole.MarkupLine($"[bold]Training step (forward, backward, clip, AdamW), B x T = {B} x {T}, V = {V}, {steps} timed steps[/]");
AnsiConsole.Write(table);
AnsiConsole.MarkupLine("MFU = (6 N + attention) FLOPs per token x tokens/s / SGEMM rate at the same thread count. Peak RSS is the process high-water mark so far.");

static unsafe double MeasureGemm(WorkerPool pool, bool blas, int threads)
{
    const int m = 2048, k = 512, n = 1408;
    var a = TensorSlice.Allocate(m * k);
    var b = TensorSlice.Allocate(n * k);
    var c = TensorSlice.Allocate(m * n);
    var rng = new SeededRandom(1);
    rng.FillUniform(a.Span, 1);
    rng.FillUniform(b.Span, 1);
    var gemm = new TrainingGemm(new ParallelLoop(pool));
    if (blas) OpenBlas.SetThreads(threads);
    void Run()
    {
        if (blas) OpenBlas.MultiplyTransposed(a.Pointer, m, k, b.Pointer, n, c.Pointer);
        else gemm.Forward(a.Pointer, m, k, b.Pointer, n, c.Pointer);
    }

    Run();
    int runs = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < 1.0 || runs < 3) { Run(); runs++; }
    return 2.0 * m * n * k * runs / clock.Elapsed.TotalSeconds;
}
