using System.Diagnostics;
using System.Globalization;
using Wren.Runtime.Threading;
using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Bench.Training;

/// <summary>One training configuration, run in a child process so its peak RSS is its own.</summary>
internal static class TrainingRun
{
    public sealed record Result(long Parameters, double FlopsPerToken, double BestStepSeconds, double TotalSeconds, double CpuSeconds, double GemmSeconds, double GemmFlops, long PeakRssBytes, int Steps)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"RESULT {Parameters} {FlopsPerToken} {BestStepSeconds} {TotalSeconds} {CpuSeconds} {GemmSeconds} {GemmFlops} {PeakRssBytes} {Steps}");

        public static Result Parse(string line)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            return new Result(long.Parse(f[1], CultureInfo.InvariantCulture), D(2), D(3), D(4), D(5), D(6), D(7), long.Parse(f[8], CultureInfo.InvariantCulture),
                int.Parse(f[9], CultureInfo.InvariantCulture));
        }
    }

    /// <param name="mode">fp32, checkpoint (activation checkpointing) or bf16 (BF16-rounded products).</param>
    public static Result Measure(string preset, int threads, string mode, int batch, int time, int vocabulary, int steps)
    {
        var config = ModelPresets.Resolve(preset, vocabulary, time);
        var compute = mode switch
        {
            "fp32" => new TrainingComputeOptions(),
            "checkpoint" => new TrainingComputeOptions { CheckpointActivations = true },
            "bf16" => new TrainingComputeOptions { Bf16MatrixProducts = true },
            _ => throw new ArgumentException($"unknown mode {mode}"),
        };
        using var pool = new WorkerPool(threads);
        var model = new LlamaTrainingModel(config, batch, time, pool, compute: compute);
        model.InitializeRandom(1);
        var step = new SyntheticTrainingStep(model, vocabulary, learningRate: 1e-3);

        step.Run(); // warm-up: JIT and first touch of every buffer
        double gemmSeconds0 = model.MatrixProducts.Seconds, gemmFlops0 = model.MatrixProducts.Flops;
        double best = double.MaxValue, total = 0, cpu0 = CpuClock.ProcessSeconds();
        for (int s = 0; s < steps; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            step.Run();
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            best = Math.Min(best, seconds);
            total += seconds;
        }

        double cpu = CpuClock.ProcessSeconds() - cpu0;
        return new Result(config.ParameterCount, model.FlopsPerToken, best, total, cpu, model.MatrixProducts.Seconds - gemmSeconds0,
            model.MatrixProducts.Flops - gemmFlops0, Process.GetCurrentProcess().PeakWorkingSet64, steps);
    }
}
