using System.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Threading;
using Wren.Training.Model;

namespace Wren.Training.Trainer;

/// <summary>
/// Runs a few real training steps (forward, backward, gradient clipping, AdamW on random tokens) of a model shape
/// through this library, within a time budget of seconds, and reports tokens/s and achieved model FLOP/s. A shape too
/// large to step within the budget (or to fit in memory) is scaled down at the same width: fewer layers, then shorter
/// sequences, then a smaller vocabulary; the result says so. Per-layer work at the same width has the same matrix
/// shapes, so the achieved FLOP/s carries over to the planned model.
/// </summary>
public static class TrainingThroughputProbe
{
    private const int MinimumTime = 32;

    /// <param name="config">The planned shape.</param>
    /// <param name="time">Planned sequence length (capped at 256 for the measurement).</param>
    /// <param name="estimatedFlops">A rough FLOP/s of this machine (its SGEMM rate) to size the measured shape.</param>
    /// <param name="budget">Wall time the measurement may take (about; one warm-up and up to 3 timed steps).</param>
    /// <param name="memoryBytes">Memory the measurement may use (parameters, gradients, AdamW state, activations).</param>
    public static TrainingProbeResult Measure(LlamaConfig config, int time, WorkerPool pool, double estimatedFlops, TimeSpan budget, double memoryBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(estimatedFlops);
        config.Validate("planned model");
        double stepSeconds = budget.TotalSeconds / 5; // warm-up + up to 3 timed steps + model set-up
        var reasons = new List<string>();
        int t = Math.Min(time, 256);
        if (t < time) reasons.Add($"T {t} of {time}");
        var shape = config with { MaxPositionEmbeddings = Math.Max(t, 1) };

        double StepSeconds(LlamaConfig c, int tokens) => 3 * FlopsPerToken(c, tokens) * tokens / estimatedFlops; // the forward+backward at 1/3 of peak
        // Parameters, gradients and two AdamW moments; per layer about 8 [tokens, C], 3 [tokens, F] and the [H, T] probabilities per token; logits twice.
        double Bytes(LlamaConfig c, int tokens) => 16.0 * c.ParameterCount
            + 4.0 * tokens * (c.NumHiddenLayers * (8.0 * c.HiddenSize + 3.0 * c.IntermediateSize + (double)c.NumAttentionHeads * tokens) + 2.0 * c.VocabSize);

        int layers = shape.NumHiddenLayers;
        while (layers > 1 && (StepSeconds(shape with { NumHiddenLayers = layers }, t) > stepSeconds || Bytes(shape with { NumHiddenLayers = layers }, t) > memoryBytes)) layers--;
        if (layers < shape.NumHiddenLayers) reasons.Add($"{layers} of {shape.NumHiddenLayers} layers");
        shape = shape with { NumHiddenLayers = layers };
        int originalT = t;
        while (t > MinimumTime && StepSeconds(shape, t) > stepSeconds) t /= 2;
        if (t < originalT)
        {
            reasons.RemoveAll(r => r.StartsWith("T ", StringComparison.Ordinal));
            reasons.Add($"T {t} of {time}");
        }

        int vocabulary = shape.VocabSize;
        while (vocabulary > 256 && (StepSeconds(shape with { VocabSize = vocabulary }, t) > stepSeconds || Bytes(shape with { VocabSize = vocabulary }, t) > memoryBytes)) vocabulary /= 2;
        if (vocabulary < shape.VocabSize) reasons.Add($"V {vocabulary} of {shape.VocabSize}");
        shape = shape with { VocabSize = vocabulary, MaxPositionEmbeddings = t };
        if (Bytes(shape, t) > memoryBytes)
            throw new Wren.Runtime.WrenException($"even one layer of width {config.HiddenSize} needs about {Bytes(shape, t) / 1e9:0.0} GB to train, more than the {memoryBytes / 1e9:0.0} GB allowed");
        int batch = (int)Math.Clamp(Math.Floor(stepSeconds / StepSeconds(shape, t)), 1, 8);

        var model = new LlamaTrainingModel(shape, batch, t, pool);
        model.InitializeRandom(1);
        var step = new SyntheticTrainingStep(model, vocabulary, learningRate: 1e-4);

        var total = Stopwatch.StartNew();
        step.Run(); // warm-up: JIT and first touch of every buffer
        int steps = 0;
        var timed = Stopwatch.StartNew();
        do
        {
            step.Run();
            steps++;
        }
        while (steps < 3 && total.Elapsed.TotalSeconds + timed.Elapsed.TotalSeconds / steps < budget.TotalSeconds);

        return new TrainingProbeResult
        {
            Measured = shape,
            Batch = batch,
            Time = t,
            Threads = pool.ThreadCount,
            Steps = steps,
            SecondsPerStep = timed.Elapsed.TotalSeconds / steps,
            FlopsPerToken = model.FlopsPerToken,
            ScaledDown = reasons.Count == 0 ? null : $"scaled down to {string.Join(", ", reasons)} (same width C {config.HiddenSize}) to stay within {budget.TotalSeconds:0} s",
        };
    }

    private static double FlopsPerToken(LlamaConfig c, int time) =>
        6.0 * (c.ParameterCount - (c.TieWordEmbeddings ? 0 : (long)c.VocabSize * c.HiddenSize)) + 6.0 * c.NumHiddenLayers * time * c.HeadDim * c.NumAttentionHeads;
}
