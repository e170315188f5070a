using Wren.Eval.Planning;

namespace Wren.Eval.Tests.Planning;

/// <summary>Memory formulas against published figures (ZeRO, llama.cpp) and against hand computation.</summary>
public sealed class MemoryAndInferenceTests
{
    // ZeRO (Rajbhandari et al. 2020), Figure 1: a 7.5B model (Psi) on 64 GPUs (Nd) with mixed-precision
    // Adam (K = 12) needs per GPU: baseline 120 GB, P_os 31.4 GB, P_os+g 16.6 GB, P_os+g+p 1.9 GB.
    [Theory]
    [InlineData(0, 120.0)]
    [InlineData(1, 31.4)]
    [InlineData(2, 16.6)]
    [InlineData(3, 1.9)]
    public void ModelStatesPerGpuMatchTheZeroPaperFigure1(int stage, double expectedGb)
    {
        var (w, g, o, m) = TrainingPlanner.ModelStateBytes(7.5e9, stage, gpus: 64);

        Assert.Equal(expectedGb, (w + g + o + m) / 1e9, 1);
    }

    [Fact]
    public void AModelTooBigForOneGpuIsShardedWithTheLowestZeroStageThatFits()
    {
        // 7.5B x 16 bytes = 120 GB of model states cannot fit an 80 GB GPU; on 8 GPUs stage 1 leaves
        // 30 + 90/8 = 41 GB plus activations, which fits.
        TrainingEstimate e = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = ModelShape.Create(parameters: 7.5e9, layers: 32, hidden: 4096, sequenceLength: 2048),
            Tokens = 1e9,
            Hardware = HardwareCatalog.Find("A100-80GB"),
            GpuCount = 8,
        });

        Assert.Equal(1, e.FullTraining.ZeroStage);
        Assert.True(e.FullTraining.Fits);
        Assert.True(e.FullTraining.TotalBytes <= 80e9 * TrainingPlanner.UsableMemoryFraction);
        Assert.Equal(2, e.MinimumGpus); // 120 GB sharded over 2 leaves room for checkpointed activations
    }

    [Fact]
    public void ActivationsWithoutCheckpointingAre34BytesPerWidthPerLayerPerTokenPlusFp32Logits()
    {
        ModelShape gpt2 = ModelShape.Create(124_475_904, 12, 768, vocabulary: 50_257, sequenceLength: 1024);

        double full = TrainingPlanner.ActivationBytes(gpt2, microBatch: 2, checkpointing: false);
        double saved = TrainingPlanner.ActivationBytes(gpt2, microBatch: 2, checkpointing: true);

        Assert.Equal(2 * 1024 * (12 * 34.0 * 768 + 4.0 * 50_257), full);
        Assert.Equal(2 * 1024 * (12 * 2.0 * 768 + 34.0 * 768 + 4.0 * 50_257), saved);
        Assert.True(saved < full);
    }

    [Fact]
    public void QloraFitsWhereLoraDoesNotAndFullTrainingNeedsSeveralGpus()
    {
        // LLaMA-2-13B-like: 40 layers, 5120 wide, 13B parameters on one 24 GB L4. BF16 base alone is
        // 26 GB (LoRA cannot fit); NF4 base is about 6.8 GB (QLoRA fits); full training needs 208 GB of states.
        TrainingEstimate e = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = ModelShape.Create(parameters: 13.0e9, layers: 40, hidden: 5120, sequenceLength: 2048),
            Tokens = 1e8,
            Hardware = HardwareCatalog.Find("L4"),
            LoraRank = 16,
        });

        Assert.False(e.Lora.Fits);
        Assert.True(e.QLora.Fits);
        Assert.False(e.FullTraining.Fits);
        Assert.True(e.MinimumGpus >= 208e9 / 24e9);
        // Rank-16 adapters on all linear layers: 40 layers x 16 x 18 x 5120 = 59M trainable parameters.
        Assert.Equal(40 * 16 * 18.0 * 5120, e.QLora.TrainableParameters);
        Assert.Equal(e.QLora.TrainableParameters * 16, e.QLora.GradientBytes + e.QLora.OptimizerBytes + e.QLora.MasterWeightBytes);
    }

    // llama.cpp prints "KV self size = 2048.00 MiB" for LLaMA-2-7B (32 layers, 4096 wide, MHA) at
    // n_ctx = 4096 with the default F16 cache: 2 x 32 x 4096 x 4096 x 2 bytes.
    [Fact]
    public void KvCacheOfLlama27bAt4096ContextIs2048MiB()
    {
        ModelShape llama2 = ModelShape.Create(6.74e9, 32, 4096, sequenceLength: 4096);

        Assert.Equal(2048.0 * 1024 * 1024, TrainingPlanner.KeyValueCacheBytes(llama2, 4096));
    }

    [Fact]
    public void GroupedQueryAttentionShrinksTheKvCacheByHeadsOverKvHeads()
    {
        ModelShape mha = ModelShape.Create(8e9, 32, 4096, heads: 32, keyValueHeads: 32);
        ModelShape gqa = ModelShape.Create(8e9, 32, 4096, heads: 32, keyValueHeads: 8);

        Assert.Equal(4.0, TrainingPlanner.KeyValueCacheBytes(mha, 8192) / TrainingPlanner.KeyValueCacheBytes(gqa, 8192));
    }

    // localmodels/Llama-2-13B-ggml README (TheBloke's quantizations, Hugging Face): llama-2-13b q4_0
    // 7.32 GB, q4_K_S (all tensors Q4_K) 7.37 GB. Llama 2 13B has 13,015,864,320 parameters.
    [Theory]
    [InlineData("Q4_0", 7.32e9)]
    [InlineData("Q4_K", 7.37e9)]
    public void QuantizedWeightSizesMatchPublishedGgufFiles(string format, double publishedBytes)
    {
        TrainingEstimate e = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = ModelShape.Create(13_015_864_320, 40, 5120, sequenceLength: 4096),
            Tokens = 1e9,
            Hardware = HardwareCatalog.Find("RTX4090"),
        });

        InferenceEstimate q = e.Inference.Single(i => i.Format.Name == format);
        Assert.InRange(q.WeightBytes, publishedBytes * 0.97, publishedBytes * 1.03);
    }

    [Fact]
    public void DecodeSpeedBoundIsBandwidthOverBytesReadPerToken()
    {
        TrainingEstimate e = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = ModelShape.Create(1e9, 16, 2048, sequenceLength: 1024),
            Tokens = 1e9,
            Hardware = HardwareCatalog.Find("H100"),
        });

        InferenceEstimate f16 = e.Inference.Single(i => i.Format.Name == "F16");
        double kv = 2.0 * 16 * 1024 * 2048 * 2;
        Assert.Equal(2e9, f16.WeightBytes);
        Assert.Equal(kv, f16.KeyValueCacheBytes);
        Assert.Equal(3350e9 / (2e9 + kv), f16.GpuDecodeTokensPerSecond, 6);
        InferenceEstimate q4 = e.Inference.Single(i => i.Format.Name == "Q4_0");
        Assert.True(q4.GpuDecodeTokensPerSecond > 3 * f16.GpuDecodeTokensPerSecond);
        Assert.Null(q4.CpuDecodeTokensPerSecond);
    }
}
