using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Threading;
using Wren.Training.Model;

namespace Wren.Training.Tests.Model;

/// <summary>
/// Central finite differences of the loss against the analytic gradient for sampled elements of every
/// parameter tensor (so every layer's backward: embedding, norms, q/k/v/o with biases, RoPE, GQA attention,
/// SwiGLU, Qwen3's per-head q/k norms, SmolLM3's layers without RoPE, Gemma 3's (1 + w) and sandwich norms, GeGLU, √C embedding
/// scale, sliding window and local RoPE, Phi-3's fused qkv/gate_up with partial rotary and longrope, untied and tied heads,
/// cross-entropy with ignored targets) on small random shapes.
/// </summary>
public sealed class FiniteDifferenceGradientTests
{
    [Theory]
    [InlineData(ModelArchitecture.Qwen2, false, 2, 1)]
    [InlineData(ModelArchitecture.Llama, true, 4, 2)]
    [InlineData(ModelArchitecture.Qwen3, true, 4, 2)]
    [InlineData(ModelArchitecture.SmolLM3, false, 4, 2)]
    [InlineData(ModelArchitecture.Gemma3, true, 4, 2)]
    [InlineData(ModelArchitecture.Phi3, true, 2, 2)]
    public void AnalyticGradientsMatchFiniteDifferences(ModelArchitecture architecture, bool tied, int heads, int kvHeads)
    {
        var config = new LlamaConfig
        {
            Architecture = architecture,
            HiddenSize = 16,
            IntermediateSize = 24,
            NumHiddenLayers = 2,
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = 8,
            VocabSize = 37,
            MaxPositionEmbeddings = 16,
            TieWordEmbeddings = tied,
            QkvBias = architecture == ModelArchitecture.Qwen2,
            RmsNormEps = 1e-5,
            RopeTheta = 100,
            RopeLayers = architecture == ModelArchitecture.SmolLM3 ? [true, false] : null,
            // Phi-3: half of each head rotated (2 frequencies), longrope's long factors (6 positions > 4) and attention factor.
            PartialRotaryFactor = architecture == ModelArchitecture.Phi3 ? 0.5 : 1,
            RopeScaling = architecture == ModelArchitecture.Phi3
                ? new RopeScaling("longrope", OriginalMaxPositionEmbeddings: 4) { ShortFactor = [1f, 1.2f], LongFactor = [1.5f, 4f] }
                : RopeScaling.None,
        };
        if (architecture == ModelArchitecture.Gemma3)
        {
            // A window of 3 inside T = 6 on the first (sliding, local RoPE) layer; the second is global; a scale other than 1/√D.
            config = config with { SlidingWindow = 3, SlidingLayers = [true, false], LocalRopeTheta = 10, QueryPreAttnScalar = 5 };
        }

        const int B = 2, T = 6;
        var model = new LlamaTrainingModel(config, B, T, new WorkerPool(2));
        model.InitializeRandom(7, std: 0.3);
        var rng = new SeededRandom(11);
        // Norm weights and biases away from their trivial initial values, so their gradients are generic.
        foreach (var t in model.Parameters.Tensors)
        {
            if (t.Name.EndsWith("norm.weight", StringComparison.Ordinal) || t.Name.EndsWith(".bias", StringComparison.Ordinal))
            {
                var span = model.Parameters.Value(t.Name).Span;
                for (int i = 0; i < span.Length; i++) span[i] = (float)(1 + 0.5 * (rng.NextDouble() - 0.5)) * (t.Name.EndsWith(".bias") ? 0.3f : 1f);
            }
        }

        var inputs = new int[B * T];
        var targets = new int[B * T];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (int)rng.NextInt64(config.VocabSize);
            targets[i] = i % 5 == 3 ? -100 : (int)rng.NextInt64(config.VocabSize);
        }

        model.Parameters.ZeroGradients();
        model.ComputeGradients(inputs, targets);
        var analytic = model.Parameters.Gradients.Span.ToArray();
        var values = model.Parameters.Values.Array;

        const float h = 1e-2f;
        foreach (var t in model.Parameters.Tensors)
        {
            for (int s = 0; s < 4; s++)
            {
                int index = t.Offset + (int)rng.NextInt64(t.Length);
                float saved = values[index];
                values[index] = saved + h;
                double up = model.ComputeLoss(inputs, targets);
                values[index] = saved - h;
                double down = model.ComputeLoss(inputs, targets);
                values[index] = saved;
                double numeric = (up - down) / (2 * h);
                double error = Math.Abs(numeric - analytic[index]);
                Assert.True(error < 2e-3 + 3e-2 * Math.Abs(numeric),
                    $"{t.Name}[{index - t.Offset}]: analytic {analytic[index]:E4}, finite difference {numeric:E4}");
            }
        }
    }
}
