using System.Diagnostics;
using Wren.Runtime.Kernels;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;

namespace Wren.Bench.Runtime;

/// <summary>
/// Where one decoded token's time goes, on one thread: each kind of matrix-vector product timed on the
/// model's own weights (every layer's q, k, v, o, gate, up, down and the output head, as decode reads
/// them), against a whole decode step measured the same way; the rest is norms, RoPE, attention,
/// activation quantization and dispatch. Stopwatch timing around the public kernels, nothing added to
/// the runtime's hot path.
/// </summary>
internal static class DecodeProfile
{
    public static void Print(LlamaModel model, string label)
    {
        var weights = model.Weights;
        int c = model.Config.HiddenSize, ff = model.Config.IntermediateSize;
        var x = new float[Math.Max(c, ff)];
        var random = new Random(5);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() - 0.5);
        var y = new float[Math.Max(model.Config.VocabSize, Math.Max(ff, model.Config.NumAttentionHeads * model.Config.HeadDim))];

        double Time(Func<LlamaLayerWeights, WeightMatrix> pick) => Best(() =>
        {
            foreach (var layer in weights.Layers) MatVec.Multiply(pick(layer), x, y);
        });

        var parts = new (string Name, double Ms, long Bytes)[]
        {
            ("q+k+v", Time(l => l.Query.Weight) + Time(l => l.Key.Weight) + Time(l => l.Value.Weight), weights.Layers.Sum(l => l.Query.Weight.ByteLength + l.Key.Weight.ByteLength + l.Value.Weight.ByteLength)),
            ("o", Time(l => l.Output.Weight), weights.Layers.Sum(l => l.Output.Weight.ByteLength)),
            // The bench writes Llama-shaped models, whose feed-forward is always gated.
            ("gate+up", Time(l => l.Gate!.Weight) + Time(l => l.Up.Weight), weights.Layers.Sum(l => l.Gate!.Weight.ByteLength + l.Up.Weight.ByteLength)),
            ("down", Time(l => l.Down.Weight), weights.Layers.Sum(l => l.Down.Weight.ByteLength)),
            ("head", Best(() => MatVec.Multiply(weights.LmHead, x, y)), weights.LmHead.ByteLength),
        };

        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 64 });
        session.Prefill([1, 2, 3, 4]);
        int position = 0;
        double step = Best(() =>
        {
            if (++position > 50)
            {
                session.Reset();
                session.Prefill([1, 2, 3, 4]);
                position = 0;
            }

            session.Decode(5);
        });
        double kernels = parts.Sum(p => p.Ms);
        Console.WriteLine($"  decode profile {label}, 1 thread: step {step:F2} ms = " + string.Join(" + ", parts.Select(p => $"{p.Name} {p.Ms:F2} ms ({p.Bytes / p.Ms / 1e6:F1} GB/s)")) + $" + other {Math.Max(0, step - kernels):F2} ms ({100 * Math.Max(0, step - kernels) / step:F0}%)");
    }

    /// <summary>Best of several timings in milliseconds (the least disturbed by other work on the machine).</summary>
    private static double Best(Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < 7; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        return best;
    }
}
