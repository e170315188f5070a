using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Tests.Models;

public sealed class InferenceSessionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-session-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void DecodingAllocatesNothingPerToken(int threads)
    {
        using var model = LlamaModel.Load(HfReference.Folder("tiny-qwen2"));
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = threads, MaxContext = 128 });
        int next = TokenArgMax(session.Prefill([40, 71, 349]));
        for (int i = 0; i < 5; i++) next = TokenArgMax(session.Decode(next)); // warm up (JIT, tiering)
        // Counted on this thread: the test runner's own threads allocate concurrently. Workers run the
        // same Execute methods as this thread, which takes chunks too.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) next = TokenArgMax(session.Decode(next));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"50 decoded tokens allocated {allocated} bytes");
    }

    [Fact]
    public void GemmaSlidingLayersOnlyChangePositionsPastTheirWindow()
    {
        // One random Gemma 3 with a window of 4 and with one longer than the prompt: the sliding layers (all but layer 5,
        // at the local RoPE base in both) see the same keys for the first 4 positions, fewer after.
        var config = new LlamaConfig
        {
            Architecture = ModelArchitecture.Gemma3,
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 6,
            NumAttentionHeads = 2,
            NumKeyValueHeads = 1,
            HeadDim = 16,
            VocabSize = 64,
            SlidingWindow = 4,
            SlidingLayers = Wren.Runtime.Models.Architectures.GemmaArchitectures.SlidingEvery(6, 6),
            LocalRopeTheta = 10000,
            RopeTheta = 1e6,
            QueryPreAttnScalar = 16,
            TieWordEmbeddings = true,
        };
        using var windowed = LlamaModel.CreateRandom(config, WeightDType.F32, seed: 5);
        using var full = LlamaModel.CreateRandom(config with { SlidingWindow = 1000 }, WeightDType.F32, seed: 5);
        int[] ids = [3, 9, 27, 17, 51, 1, 40, 22, 8, 63];
        int v = config.VocabSize;
        var a = new float[ids.Length * v];
        var b = new float[ids.Length * v];
        using (var s = windowed.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 })) s.Prefill(ids, a);
        using (var s = full.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 })) s.Prefill(ids, b);
        for (int t = 0; t < ids.Length; t++)
        {
            float diff = 0;
            for (int i = 0; i < v; i++) diff = MathF.Max(diff, MathF.Abs(a[t * v + i] - b[t * v + i]));
            if (t < 4) Assert.True(diff == 0, $"position {t} differs by {diff} inside the window");
            else Assert.True(diff > 0, $"position {t} should see only the last 4 tokens");
        }
    }

    [Fact]
    public void MistralSlidingWindowOnlyChangesPositionsPastTheWindow()
    {
        // The tiny Llama checkpoint relabelled as Mistral with a 4-token window: the first 4 positions
        // see the same keys as full attention, later ones see only the last 4.
        string source = HfReference.Folder("tiny-llama");
        File.Copy(Path.Combine(source, "model.safetensors"), Path.Combine(_dir, "model.safetensors"));
        string config = File.ReadAllText(Path.Combine(source, "config.json"))
            .Replace("LlamaForCausalLM", "MistralForCausalLM").Replace("\"model_type\": \"llama\"", "\"model_type\": \"mistral\", \"sliding_window\": 4");
        File.WriteAllText(Path.Combine(_dir, "config.json"), config);

        using var llama = LlamaModel.Load(source);
        using var mistral = LlamaModel.Load(_dir);
        Assert.Equal(ModelArchitecture.Mistral, mistral.Config.Architecture);
        Assert.Equal(4, mistral.Config.SlidingWindow);
        int[] ids = HfReference.Prompts("tiny-llama")[0].Ids[..10];
        int v = llama.Config.VocabSize;
        var full = new float[ids.Length * v];
        var windowed = new float[ids.Length * v];
        using (var s = llama.CreateSession(new InferenceSessionOptions { Threads = 1 })) s.Prefill(ids, full);
        using (var s = mistral.CreateSession(new InferenceSessionOptions { Threads = 1 })) s.Prefill(ids, windowed);
        for (int t = 0; t < ids.Length; t++)
        {
            float diff = 0;
            for (int i = 0; i < v; i++) diff = MathF.Max(diff, MathF.Abs(full[t * v + i] - windowed[t * v + i]));
            if (t < 4) Assert.True(diff < 1e-5f, $"position {t} differs by {diff} inside the window");
            else Assert.True(diff > 1e-3f, $"position {t} should see only the last 4 tokens");
        }
    }

    [Theory]
    [InlineData(WeightDType.F32)]
    [InlineData(WeightDType.F16)]
    [InlineData(WeightDType.BF16)]
    public void RandomModelsOfEachDtypeGiveTheSameTokensPrefilledOrDecoded(WeightDType dtype)
    {
        var config = new LlamaConfig
        {
            Architecture = ModelArchitecture.Llama, HiddenSize = 48, IntermediateSize = 100, NumHiddenLayers = 2,
            NumAttentionHeads = 6, NumKeyValueHeads = 3, HeadDim = 8, VocabSize = 300, AttentionBias = true, MlpBias = true,
            RopeScaling = new RopeScaling("llama3", 8, 1, 4, 16),
        };
        using var model = LlamaModel.CreateRandom(config, dtype, seed: 4);
        int[] ids = [5, 17, 250, 3, 99, 42, 7, 0, 299];
        var all = new float[ids.Length * config.VocabSize];
        using (var s = model.CreateSession(new InferenceSessionOptions { Threads = 2, PrefillChunk = 4 })) s.Prefill(ids, all);
        using var stepwise = model.CreateSession(new InferenceSessionOptions { Threads = 1 });
        for (int t = 0; t < ids.Length; t++)
        {
            var logits = stepwise.Decode(ids[t]);
            for (int i = 0; i < config.VocabSize; i++)
                Assert.True(MathF.Abs(logits[i] - all[t * config.VocabSize + i]) < 1e-4f, $"{dtype} position {t} logit {i}");
        }
    }

    [Fact]
    public void AModelOverOutsideWeightsComputesLikeTheLoadedOne()
    {
        using var loaded = LlamaModel.Load(HfReference.Folder("tiny-llama"));
        using var wrapped = LlamaModel.Create(loaded.Config, loaded.Weights);
        using var a = loaded.CreateSession(new InferenceSessionOptions { Threads = 1 });
        using var b = wrapped.CreateSession(new InferenceSessionOptions { Threads = 1 });
        Assert.Equal(a.Prefill([40, 71, 349]).ToArray(), b.Prefill([40, 71, 349]).ToArray());
        var broken = loaded.Weights with { FinalNorm = new float[3] };
        Assert.Throws<ArgumentException>(() => LlamaModel.Create(loaded.Config, broken));
    }

    private static int TokenArgMax(ReadOnlySpan<float> logits) => LlamaModelParityTests.ArgMax(logits);
}
