using Wren.Eval.Planning;
using Wren.Runtime.Threading;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Planning;

/// <summary>
/// Real training steps of a planned shape on this CPU, for <c>wren plan --measure</c>: the planner (Wren.Eval) knows
/// shapes and FLOPs, the trainer (Wren.Training) runs steps; this is where the two meet.
/// </summary>
public static class TrainingMeasurement
{
    /// <summary>
    /// A few real training steps (all cores) of the planned shape as a Llama model: SwiGLU width 8C/3 rounded to 64
    /// (so a layer holds 12 C² parameters, as the planner counts), untied head, at most 10 seconds and half the
    /// machine's memory.
    /// </summary>
    public static MeasuredTraining Measure(ModelShape shape, CpuThroughput cpu)
    {
        int intermediate = Math.Max(64, (int)Math.Round(shape.Hidden * 8.0 / 3 / 64) * 64);
        var config = ModelPresets.Make(shape.Hidden, shape.Layers, shape.Heads, shape.KeyValueHeads, intermediate, shape.Vocabulary, shape.SequenceLength)
            with { TieWordEmbeddings = false };
        using var pool = new WorkerPool(Environment.ProcessorCount);
        TrainingProbeResult r = TrainingThroughputProbe.Measure(config, shape.SequenceLength, pool, cpu.SgemmFlops, TimeSpan.FromSeconds(10), cpu.MemoryBytes / 2);
        var m = r.Measured;
        return new MeasuredTraining
        {
            Shape = $"L {m.NumHiddenLayers}, C {m.HiddenSize}, H {m.NumAttentionHeads}/{m.NumKeyValueHeads}, F {m.IntermediateSize}, V {m.VocabSize}, B {r.Batch} x T {r.Time}",
            ScaledDown = r.ScaledDown,
            TokensPerSecond = r.TokensPerSecond,
            ModelFlopsPerSecond = r.ModelFlopsPerSecond,
            SecondsPerStep = r.SecondsPerStep,
            Steps = r.Steps,
            Threads = r.Threads,
        };
    }
}
