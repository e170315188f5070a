using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Wren.Bench.Training;
using Wren.Runtime.Kernels;
using Wren.Runtime.Threading;
using Wren.Training.Layers;
using Wren.Training.Model;
using Wren.Training.Optimization;
using Wren.Training.Trainer;

// Training throughput of the ~10M (small) and ~30M (base) presets at B x T = 8 x 256, vocabulary 4096, with 1 and
// 2 threads, beside the machine's SGEMM ceiling (OpenBLAS cblas_sgemm on the same three product shapes) measured in
// the same run. Each training configuration runs in its own child process, so its peak RSS is its own.
// Usage: dotnet run -c Release --project bench/Wren.Bench.Training [-- --steps N --presets small,base --threads 1,2
//        --modes fp32,checkpoint,bf16 --gemm-reps 5]
var culture = CultureInfo.InvariantCulture;
int steps = 3, gemmReps = 5;
string[] presets = ["small", "base"];
string[] modes = ["fp32", "checkpoint"];
int[] threadCounts = [1, 2];
string? child = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--steps": steps = int.Parse(args[i + 1], culture); break;
        case "--presets": presets = args[i + 1].Split(','); break;
        case "--modes": modes = args[i + 1].Split(','); break;
        case "--threads": threadCounts = args[i + 1].Split(',').Select(s => int.Parse(s, culture)).ToArray(); break;
        case "--gemm-reps": gemmReps = int.Parse(args[i + 1], culture); break;
        case "--child": child = args[i + 1]; break;
        default: throw new ArgumentException($"unknown option {args[i]}");
    }
}

const int B = 8, T = 256, V = 4096;
if (child is not null)
{
    var parts = child.Split(':');
    Console.WriteLine(TrainingRun.Measure(parts[0], int.Parse(parts[1], culture), parts[2], B, T, V, steps));
    return;
}

AnsiConsole.MarkupLine($"load average at start: [bold]{LoadAverage()}[/] on {Environment.ProcessorCount} logical CPUs; GEMM path {Sgemm.PathName}");
bool blas = OpenBlas.Available;
if (!blas) AnsiConsole.MarkupLine("[yellow]libopenblas.so.0 not found (apt-get install libopenblas-dev): no ceiling, MFU is shown against Wren's GEMM[/]");

// The three products of the base preset's MLP (C 512 -> F 1408) at B T = 2048 tokens, best of several interleaved runs.
var shapes = GemmShape.OfLinear(B * T, 512, 1408);
var ceiling = new Dictionary<int, double>();
var cpuCeiling = new Dictionary<int, double>();
var gemmTable = new Table().AddColumns("threads", "product", "OpenBLAS GFLOP/s", "Wren GFLOP/s", "Wren / OpenBLAS", "OpenBLAS GFLOP/CPU-s", "Wren GFLOP/CPU-s", "Wren / OpenBLAS (CPU)");
foreach (int threads in threadCounts)
{
    using var pool = new WorkerPool(threads);
    double best = 0, bestCpu = 0;
    foreach (var shape in shapes)
    {
        var r = GemmRates(pool, shape, threads, blas, gemmReps);
        best = Math.Max(best, blas ? r.OpenBlas : r.Wren);
        bestCpu = Math.Max(bestCpu, blas ? r.OpenBlasCpu : r.WrenCpu);
        gemmTable.AddRow($"{threads}", shape.Name, blas ? $"{r.OpenBlas / 1e9:F1}" : "-", $"{r.Wren / 1e9:F1}", blas ? $"{r.Wren / r.OpenBlas:P0}" : "-",
            blas ? $"{r.OpenBlasCpu / 1e9:F1}" : "-", $"{r.WrenCpu / 1e9:F1}", blas ? $"{r.WrenCpu / r.OpenBlasCpu:P0}" : "-");
    }

    ceiling[threads] = best;
    cpuCeiling[threads] = bestCpu;
}

AnsiConsole.MarkupLine("[bold]SGEMM, the base preset's MLP products (best of interleaved runs)[/]");
AnsiConsole.Write(gemmTable);

var table = new Table().AddColumns("preset", "params", "threads", "mode", "step s (best)", "tokens/s", "MFU vs OpenBLAS", "CPU-s/step", "tokens/CPU-s", "MFU vs OpenBLAS (CPU)", "GEMM share", "peak RSS MiB");
foreach (var preset in presets)
{
    foreach (int threads in threadCounts)
    {
        foreach (var mode in modes)
        {
            var result = RunChild($"{preset}:{threads}:{mode}");
            if (result is null) continue;
            double tokensPerSecond = B * T / result.BestStepSeconds;
            double mfu = result.FlopsPerToken * tokensPerSecond / ceiling[threads];
            double cpuPerStep = result.CpuSeconds / result.Steps;
            double tokensPerCpuSecond = B * T / cpuPerStep;
            double mfuCpu = result.FlopsPerToken * tokensPerCpuSecond / cpuCeiling[threads];
            string[] row = [preset, $"{result.Parameters / 1e6:F1}M", $"{threads}", mode, $"{result.BestStepSeconds:F2}", $"{tokensPerSecond:N0}",
                $"{mfu:P1}", $"{cpuPerStep:F2}", $"{tokensPerCpuSecond:N0}", $"{mfuCpu:P1}", $"{result.GemmSeconds / result.TotalSeconds:P0}", $"{result.PeakRssBytes / (1 << 20):N0}"];
            table.AddRow(row);
            Console.WriteLine("measured: " + string.Join(" | ", row));
        }
    }
}

AnsiConsole.MarkupLine($"[bold]Training step (forward, backward, clip, AdamW), B x T = {B} x {T}, V = {V}, best of {steps} timed steps[/]");
AnsiConsole.Write(table);
AnsiConsole.MarkupLine("MFU = (6 N + attention) FLOPs per token x tokens/s / the best OpenBLAS rate of the three products at the same thread count.");
AnsiConsole.MarkupLine("The CPU columns divide by CPU seconds (clock_gettime process CPU time) instead of wall seconds: on a loaded machine they are the figures to compare.");
AnsiConsole.MarkupLine("GEMM share = time in matrix products / step time; checkpoint = activation checkpointing; bf16 = BF16-rounded products.");
AnsiConsole.MarkupLine($"load average at end: [bold]{LoadAverage()}[/]");

TrainingRun.Result? RunChild(string spec)
{
    string self = Environment.GetCommandLineArgs()[0];
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    // Under the apphost (dotnet run, a built exe) args[0] is still the .dll path; only the muxer needs it passed.
    bool muxer = Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet";
    if (muxer && self.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) info.ArgumentList.Add(self);
    foreach (var a in new[] { "--child", spec, "--steps", steps.ToString(culture) }) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    string output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
    if (process.ExitCode != 0 || line is null)
    {
        AnsiConsole.MarkupLine($"[red]{spec} failed (exit {process.ExitCode})[/]");
        return null;
    }

    return TrainingRun.Result.Parse(line);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static unsafe (double Wren, double OpenBlas, double WrenCpu, double OpenBlasCpu) GemmRates(WorkerPool pool, GemmShape shape, int threads, bool blas, int reps)
{
    var a = TensorSlice.Allocate(shape.M * shape.K);
    var b = TensorSlice.Allocate(shape.K * shape.N);
    var c = TensorSlice.Allocate(shape.M * shape.N);
    var rng = new SeededRandom(1);
    rng.FillUniform(a.Span, 1);
    rng.FillUniform(b.Span, 1);
    var sgemm = new ParallelSgemm(pool);
    if (blas) OpenBlas.SetThreads(threads);
    // Stored layouts: A is [M, K] or, transposed, [K, M]; B is [K, N] or, transposed, [N, K].
    void Wren() => sgemm.Multiply(a.Span, shape.TransposeA, b.Span, shape.TransposeB, shape.M, shape.K, shape.N, c.Span, shape.N, shape.Accumulate);
    void Blas() => OpenBlas.Multiply(shape.TransposeA, shape.TransposeB, shape.M, shape.N, shape.K, a.Pointer, shape.TransposeA ? shape.M : shape.K,
        b.Pointer, shape.TransposeB ? shape.K : shape.N, shape.Accumulate ? 1f : 0f, c.Pointer, shape.N);
    Wren();
    if (blas) Blas();
    double bestWren = 0, bestBlas = 0, cpuWren = 0, cpuBlas = 0;
    for (int r = 0; r < reps; r++)
    {
        double c0 = CpuClock.ProcessSeconds();
        long t0 = Stopwatch.GetTimestamp();
        Wren();
        bestWren = Math.Max(bestWren, shape.Flops / Stopwatch.GetElapsedTime(t0).TotalSeconds);
        cpuWren += CpuClock.ProcessSeconds() - c0;
        if (!blas) continue;
        c0 = CpuClock.ProcessSeconds();
        t0 = Stopwatch.GetTimestamp();
        Blas();
        bestBlas = Math.Max(bestBlas, shape.Flops / Stopwatch.GetElapsedTime(t0).TotalSeconds);
        cpuBlas += CpuClock.ProcessSeconds() - c0;
    }

    return (bestWren, bestBlas, shape.Flops * reps / cpuWren, blas ? shape.Flops * reps / cpuBlas : double.NaN);
}
