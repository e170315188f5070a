using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Training.Model;
using Wren.Training.Trainer;
using Xunit.Abstractions;

namespace Wren.Training.Tests.Model;

/// <summary>Activation checkpointing gives the same bits for less memory; BF16 products stay within 1% of float32 on the fixtures.</summary>
public sealed class TrainingComputeOptionsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tiny-llama", 1)]
    [InlineData("tiny-qwen2", 2)]
    public void CheckpointedActivationsGiveBitIdenticalLossAndGradients(string name, int threads)
    {
        var (plain, batch) = Load(name, threads, new TrainingComputeOptions());
        var (checkpointed, _) = Load(name, threads, new TrainingComputeOptions { CheckpointActivations = true });
        plain.Parameters.ZeroGradients();
        checkpointed.Parameters.ZeroGradients();
        float l1 = plain.ComputeGradients(batch.Inputs, batch.Targets);
        float l2 = checkpointed.ComputeGradients(batch.Inputs, batch.Targets);
        Assert.Equal(l1, l2);
        Assert.True(plain.Parameters.Gradients.Span.SequenceEqual(checkpointed.Parameters.Gradients.Span), "gradients differ");
        Assert.True(checkpointed.ActivationFloats < plain.ActivationFloats);
    }

    [Fact]
    public void CheckpointingHoldsOneLayerOfActivationsBesideEveryLayerInput()
    {
        var config = ModelPresets.Resolve("small", 512, 64); // 8 layers
        using var pool = new WorkerPool(1);
        long plain = new LlamaTrainingModel(config, 2, 64, pool).ActivationFloats;
        long checkpointed = new LlamaTrainingModel(config, 2, 64, pool, compute: new TrainingComputeOptions { CheckpointActivations = true }).ActivationFloats;
        output.WriteLine($"activations: {plain * 4 / 1e6:F0} MB, checkpointed {checkpointed * 4 / 1e6:F0} MB");
        Assert.True(checkpointed * 3 < plain, $"{checkpointed} vs {plain}");
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void Bf16ProductsGiveALossWithinOnePercentOfFloat32(string name)
    {
        var (fp32, batch) = Load(name, 2, new TrainingComputeOptions());
        var (bf16, _) = Load(name, 2, new TrainingComputeOptions { Bf16MatrixProducts = true });
        fp32.Parameters.ZeroGradients();
        bf16.Parameters.ZeroGradients();
        float l32 = fp32.ComputeGradients(batch.Inputs, batch.Targets);
        float l16 = bf16.ComputeGradients(batch.Inputs, batch.Targets);
        double gradientError = Fixtures.RelativeToNorm(bf16.Parameters.Gradients.Span, fp32.Parameters.Gradients.Span);
        output.WriteLine($"{name}: loss fp32 {l32:R} (torch {batch.Loss:R}), bf16 {l16:R}; gradient difference {gradientError:E2} of the norm");
        Assert.NotEqual(l32, l16); // the products really were rounded
        Assert.InRange(Math.Abs(l16 - l32) / l32, 0, 0.01);
        Assert.True(gradientError < 0.05, $"bf16 gradients differ by {gradientError:E2} of their norm");
    }

    private static (LlamaTrainingModel Model, (int[] Inputs, int[] Targets, float Loss, int Batch, int Time) Batch) Load(string name, int threads, TrainingComputeOptions compute)
    {
        var config = LlamaConfigJson.Load(Fixtures.Folder(name));
        var batch = Fixtures.GradBatch(name);
        var model = new LlamaTrainingModel(config, batch.Batch, batch.Time, new WorkerPool(threads), compute: compute);
        using var checkpoint = SafetensorsCheckpoint.Open(Fixtures.Folder(name));
        model.LoadFrom(checkpoint);
        return (model, batch);
    }
}
