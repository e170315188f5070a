using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Training.Model;
using Wren.Training.Optimization;
using Xunit.Abstractions;

namespace Wren.Training.Tests.Model;

/// <summary>Loss, every gradient and one AdamW step against PyTorch/transformers on the reference fixtures.</summary>
public sealed class LlamaTrainingModelParityTests(ITestOutputHelper output)
{
    private const double GradientTolerance = 1e-4;

    [Theory]
    [InlineData("tiny-llama", 1)]
    [InlineData("tiny-llama", 2)]
    [InlineData("tiny-qwen2", 2)]
    public void LossAndEveryGradientMatchPytorch(string name, int threads)
    {
        var (model, batch) = Load(name, threads);
        model.Parameters.ZeroGradients();
        float loss = model.ComputeGradients(batch.Inputs, batch.Targets);
        output.WriteLine($"{name}: loss {loss:R} vs {batch.Loss:R}");
        Assert.InRange(Math.Abs(loss - batch.Loss), 0, 1e-5 * Math.Abs(batch.Loss) + 1e-6);

        using var reference = SafetensorsFile.Open(Fixtures.File(name, "ref_grads.safetensors"));
        Assert.Equal(reference.Tensors.Count, model.Parameters.Tensors.Count);
        double worst = 0;
        foreach (var t in model.Parameters.Tensors)
        {
            double error = Fixtures.RelativeToNorm(model.Parameters.Gradient(t.Name).Span, reference.ReadAsSingle(t.Name));
            output.WriteLine($"  {t.Name}: {error:E2}");
            Assert.True(error < GradientTolerance, $"{t.Name}: gradient differs by {error:E2} of its norm");
            worst = Math.Max(worst, error);
        }

        output.WriteLine($"worst gradient error {worst:E2}");
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void OneAdamwStepOnTheReferenceGradientsMatchesTorch(string name)
    {
        var (model, _) = Load(name, 2);
        using var grads = SafetensorsFile.Open(Fixtures.File(name, "ref_grads.safetensors"));
        foreach (var t in model.Parameters.Tensors) grads.ReadAsSingle(t.Name).CopyTo(model.Parameters.Gradient(t.Name).Span);
        Step(model);

        using var reference = SafetensorsFile.Open(Fixtures.File(name, "ref_after_adamw.safetensors"));
        double worst = 0;
        foreach (var t in model.Parameters.Tensors)
        {
            var expected = reference.ReadAsSingle(t.Name);
            var actual = model.Parameters.Value(t.Name).Span;
            for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        }

        output.WriteLine($"{name}: max |param - torch| after one step from torch's gradients: {worst:E2}");
        // A step moves each weight by about lr = 1e-3; what is left is float32 rounding of the update.
        Assert.True(worst < 1e-7, $"parameters after AdamW differ by {worst:E2}");
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void OneAdamwStepOnOurGradientsMatchesTorch(string name)
    {
        var (model, batch) = Load(name, 2);
        model.Parameters.ZeroGradients();
        model.ComputeGradients(batch.Inputs, batch.Targets);
        Step(model);

        // Adam's first step is about lr * sign(g): where |g| is near eps (1e-8) a gradient rounding difference
        // can flip the step, so the bound is: nearly every weight within 1e-6, none off by more than one step.
        using var reference = SafetensorsFile.Open(Fixtures.File(name, "ref_after_adamw.safetensors"));
        long total = 0, close = 0;
        double worst = 0;
        foreach (var t in model.Parameters.Tensors)
        {
            var expected = reference.ReadAsSingle(t.Name);
            var actual = model.Parameters.Value(t.Name).Span;
            for (int i = 0; i < expected.Length; i++)
            {
                double d = Math.Abs(actual[i] - expected[i]);
                worst = Math.Max(worst, d);
                total++;
                if (d < 1e-6) close++;
            }
        }

        output.WriteLine($"{name}: {close}/{total} weights within 1e-6, worst {worst:E2}");
        Assert.True(close >= total * 0.999, $"only {close} of {total} weights within 1e-6 of torch");
        Assert.True(worst < 2.1e-3, $"a weight differs by {worst:E2}, more than one step");
    }

    private static void Step(LlamaTrainingModel model) =>
        new AdamW(model.Parameters, new AdamWOptions { Beta1 = 0.9, Beta2 = 0.95, Epsilon = 1e-8, WeightDecay = 0.1, DecayAllParameters = true }).Update(1e-3);

    [Fact]
    public void APhi2ModelIsRefusedByTheTrainerNamingWhatItLacks()
    {
        var config = new LlamaConfig
        {
            Architecture = ModelArchitecture.Phi2,
            HiddenSize = 32,
            IntermediateSize = 128,
            NumHiddenLayers = 1,
            NumAttentionHeads = 2,
            NumKeyValueHeads = 2,
            HeadDim = 16,
            VocabSize = 64,
            PartialRotaryFactor = 0.5,
            AttentionBias = true,
            MlpBias = true,
        };
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => new LlamaTrainingModel(config, 1, 4, new WorkerPool(1)));
        Assert.StartsWith("PhiForCausalLM: LayerNorm", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void GradientsAreBitIdenticalForOneAndTwoThreads()
    {
        var (one, batch) = Load("tiny-qwen2", 1);
        var (two, _) = Load("tiny-qwen2", 2);
        one.Parameters.ZeroGradients();
        two.Parameters.ZeroGradients();
        float l1 = one.ComputeGradients(batch.Inputs, batch.Targets);
        float l2 = two.ComputeGradients(batch.Inputs, batch.Targets);
        Assert.Equal(l1, l2);
        Assert.True(one.Parameters.Gradients.Span.SequenceEqual(two.Parameters.Gradients.Span));
    }

    [Fact]
    public void AccumulatingTwoHalfScaledPassesEqualsOnePass()
    {
        var (model, batch) = Load("tiny-llama", 2);
        model.Parameters.ZeroGradients();
        model.ComputeGradients(batch.Inputs, batch.Targets);
        var once = model.Parameters.Gradients.Span.ToArray();
        model.Parameters.ZeroGradients();
        model.ComputeGradients(batch.Inputs, batch.Targets, 0.5f);
        model.ComputeGradients(batch.Inputs, batch.Targets, 0.5f);
        var twice = model.Parameters.Gradients.Span;
        Assert.True(Fixtures.RelativeToNorm(twice, once) < 1e-6);
    }

    internal static (LlamaTrainingModel Model, (int[] Inputs, int[] Targets, float Loss, int Batch, int Time) Batch) Load(string name, int threads)
    {
        var config = LlamaConfigJson.Load(Fixtures.Folder(name));
        var batch = Fixtures.GradBatch(name);
        var model = new LlamaTrainingModel(config, batch.Batch, batch.Time, new WorkerPool(threads));
        using var checkpoint = SafetensorsCheckpoint.Open(Fixtures.Folder(name));
        model.LoadFrom(checkpoint);
        return (model, batch);
    }
}
