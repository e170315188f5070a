using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models;
using Wren.Runtime.Threading;
using Wren.Training.Lora;
using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Training.Tests.Lora;

/// <summary>
/// LoRA on every architecture the trainer derives its parameters for (from the architecture's description):
/// a step on the adapters of a tiny random model lowers the loss, and the runtime model with the adapters merged
/// (W + scaling B A, <see cref="InferenceSnapshot"/>) computes the logits the training forward computes with the
/// adapters applied beside the frozen weights.
/// </summary>
public sealed class LoraArchitectureTests
{
    [Theory]
    [InlineData(ModelArchitecture.Llama)]
    [InlineData(ModelArchitecture.Qwen2)]
    [InlineData(ModelArchitecture.Qwen3)]
    [InlineData(ModelArchitecture.SmolLM3)]
    [InlineData(ModelArchitecture.Gemma3)]
    [InlineData(ModelArchitecture.Phi3)]
    public void ALoraStepLowersTheLossAndTheMergedModelGivesTheAdaptedLogits(ModelArchitecture architecture)
    {
        var config = new LlamaConfig
        {
            Architecture = architecture,
            HiddenSize = 32,
            IntermediateSize = 48,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 2,
            HeadDim = architecture == ModelArchitecture.Qwen3 ? 16 : 8,
            VocabSize = 41,
            MaxPositionEmbeddings = 32,
            QkvBias = architecture == ModelArchitecture.Qwen2,
            RmsNormEps = 1e-6,
            RopeTheta = 10000,
            RopeLayers = architecture == ModelArchitecture.SmolLM3 ? [true, false] : null,
        };
        if (architecture == ModelArchitecture.Gemma3)
            config = config with { SlidingWindow = 3, SlidingLayers = [true, false], LocalRopeTheta = 100, QueryPreAttnScalar = 6, TieWordEmbeddings = true };
        const int B = 2, T = 8;
        using var pool = new WorkerPool(2);
        var lora = new LoraSettings { Rank = 4, Alpha = 8, Targets = LoraSettings.KnownTargets };
        var model = new LlamaTrainingModel(config, B, T, pool, lora);
        model.InitializeRandom(3, std: 0.2);
        var rng = new SeededRandom(5);
        // Norms away from their initial value, so the runtime and the trainer must read them the same way ((1 + w) for Gemma).
        foreach (var t in model.Parameters.Tensors)
        {
            if (!t.Name.EndsWith("norm.weight", StringComparison.Ordinal)) continue;
            var span = model.Parameters.Value(t.Name).Span;
            for (int i = 0; i < span.Length; i++) span[i] += (float)(0.6 * (rng.NextDouble() - 0.5));
        }

        var inputs = new int[B * T];
        var targets = new int[B * T];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (int)rng.NextInt64(config.VocabSize);
            targets[i] = (int)rng.NextInt64(config.VocabSize);
        }

        // Every linear layer of every layer is adapted (q_norm/k_norm are no linear layers and stay frozen); Phi-3 has four,
        // qkv_proj and gate_up_proj one adapter each (A shared by the parts, B over all their rows), as PEFT adapts them.
        int linears = architecture == ModelArchitecture.Phi3 ? 4 : 7;
        Assert.Equal(2 * linears * config.NumHiddenLayers, model.Adapters!.Tensors.Count);
        model.Trainable.ZeroGradients();
        float before = model.ComputeGradients(inputs, targets);
        Assert.Equal(0f, model.Parameters.Gradients.Span.ToArray().Max(x => Math.Abs(x))); // the base is frozen
        var values = model.Trainable.Values.Span;
        var gradients = model.Trainable.Gradients.Span;
        for (int i = 0; i < values.Length; i++) values[i] -= 0.5f * gradients[i];
        float after = model.ComputeLoss(inputs, targets);
        Assert.True(after < before, $"{architecture}: loss {before} -> {after} after a LoRA step");

        // B is no longer zero, so the merge changes the weights; the training forward applies the adapters unmerged.
        var adapted = new float[B * T * config.VocabSize];
        Assert.Equal(B * T, model.ComputeTargetLogits(inputs, targets, adapted));
        using var merged = InferenceSnapshot.Create(model);
        double worst = 0;
        for (int b = 0; b < B; b++)
        {
            using var session = merged.CreateSession(new InferenceSessionOptions { Threads = 1 });
            var logits = new float[T * config.VocabSize];
            session.Prefill(inputs.AsSpan(b * T, T), logits);
            for (int i = 0; i < logits.Length; i++) worst = Math.Max(worst, Math.Abs(logits[i] - adapted[b * T * config.VocabSize + i]));
        }

        Assert.True(worst < 1e-4, $"{architecture}: merged model's logits differ from the adapted training forward by {worst}");
    }
}
