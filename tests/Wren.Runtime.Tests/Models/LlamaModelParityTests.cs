using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models;

namespace Wren.Runtime.Tests.Models;

/// <summary>Logits and greedy tokens against what transformers computed from the same checkpoints.</summary>
public sealed class LlamaModelParityTests
{
    private const float Tolerance = 1e-4f;

    public static TheoryData<string> Models => new() { "tiny-llama", "tiny-qwen2" };

    [Theory]
    [MemberData(nameof(Models))]
    public void LastPositionLogitsOfEveryPromptMatchTransformers(string name)
    {
        using var model = LlamaModel.Load(HfReference.Folder(name));
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        foreach (var prompt in HfReference.Prompts(name))
        {
            session.Reset();
            var logits = session.Prefill(prompt.Ids);
            AssertClose(prompt.LastLogits, logits, $"{name} '{prompt.Text}'");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TopFiveAtEveryPositionMatchTransformers(string name)
    {
        using var model = LlamaModel.Load(HfReference.Folder(name));
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2, PrefillChunk = 7 });
        int v = model.Config.VocabSize;
        foreach (var prompt in HfReference.Prompts(name))
        {
            session.Reset();
            var logits = new float[prompt.Ids.Length * v];
            session.Prefill(prompt.Ids, logits);
            for (int t = 0; t < prompt.Ids.Length; t++)
            {
                var row = logits.AsSpan(t * v, v).ToArray();
                int[] top5 = Enumerable.Range(0, v).OrderByDescending(i => row[i]).Take(5).ToArray();
                Assert.True(prompt.Top5[t].SequenceEqual(top5), $"{name} '{prompt.Text}' position {t}: top-5 {string.Join(",", top5)}, transformers {string.Join(",", prompt.Top5[t])}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TwentyFourGreedyTokensAreIdenticalToTransformers(string name)
    {
        using var model = LlamaModel.Load(HfReference.Folder(name));
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        foreach (var prompt in HfReference.Prompts(name))
        {
            session.Reset();
            var generated = new List<int>();
            var logits = session.Prefill(prompt.Ids);
            while (true)
            {
                int next = ArgMax(logits);
                generated.Add(next);
                if (generated.Count == prompt.GreedyIds.Length) break;
                logits = session.Decode(next);
            }

            Assert.Equal(prompt.GreedyIds, generated);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void FullLogitsOfTheFirstPromptMatchTransformers(string name)
    {
        using var reference = SafetensorsFile.Open(Path.Combine(HfReference.Folder(name), "ref_logits.safetensors"));
        int[] ids = reference.ReadAsInt64("input_ids").Select(x => (int)x).ToArray();
        float[] expected = reference.ReadAsSingle("logits");
        using var model = LlamaModel.Load(HfReference.Folder(name));
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 1 });
        var logits = new float[expected.Length];
        session.Prefill(ids, logits);
        AssertClose(expected, logits, name);
    }

    [Fact]
    public void DecodingOneTokenAtATimeGivesThePrefillLogits()
    {
        using var reference = SafetensorsFile.Open(Path.Combine(HfReference.Folder("tiny-qwen2"), "ref_logits.safetensors"));
        int[] ids = reference.ReadAsInt64("input_ids").Select(x => (int)x).ToArray();
        float[] expected = reference.ReadAsSingle("logits");
        using var model = LlamaModel.Load(HfReference.Folder("tiny-qwen2"));
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        int v = model.Config.VocabSize;
        for (int t = 0; t < ids.Length; t++)
        {
            var logits = session.Decode(ids[t]);
            AssertClose(expected.AsSpan(t * v, v), logits, $"position {t}");
        }

        Assert.Equal(ids.Length, session.Position);
    }

    [Fact]
    public void ShardedBf16CheckpointGivesTheLogitsOfBf16WeightsInFloat32()
    {
        string folder = HfReference.Folder("tiny-llama-bf16-sharded");
        using var reference = SafetensorsFile.Open(Path.Combine(folder, "ref_logits_bf16_weights.safetensors"));
        int[] ids = reference.ReadAsInt64("input_ids").Select(x => (int)x).ToArray();
        float[] expected = reference.ReadAsSingle("logits_f32_compute");
        foreach (bool upcast in new[] { false, true })
        {
            using var model = LlamaModel.Load(folder, new LlamaModelOptions { UpcastHalfWeights = upcast });
            Assert.Equal(upcast ? Wren.Runtime.Tensors.WeightDType.F32 : Wren.Runtime.Tensors.WeightDType.BF16, model.Weights.Layers[0].Query.Weight.DType);
            using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
            var logits = new float[expected.Length];
            session.Prefill(ids, logits);
            AssertClose(expected, logits, $"bf16 upcast={upcast}");
        }
    }

    [Fact]
    public void LoraAdapterMergedAtLoadMatchesPeft()
    {
        string lora = HfReference.Folder("tiny-llama-lora");
        using var reference = SafetensorsFile.Open(Path.Combine(lora, "ref_lora_logits.safetensors"));
        int[] ids = reference.ReadAsInt64("input_ids").Select(x => (int)x).ToArray();
        using var model = LlamaModel.Load(HfReference.Folder("tiny-llama"), new LlamaModelOptions { LoraAdapterPath = lora });
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        var logits = new float[ids.Length * model.Config.VocabSize];
        session.Prefill(ids, logits);
        AssertClose(reference.ReadAsSingle("lora_logits"), logits, "lora_logits");
        AssertClose(reference.ReadAsSingle("merged_logits"), logits, "merged_logits");
        Assert.True(MaxAbsDifference(reference.ReadAsSingle("base_logits"), logits) > 0.1f, "the adapter must change the logits");
    }

    [Fact]
    public void PrefillInChunksEqualsPrefillAtOnce()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var model = LlamaModel.Load(HfReference.Folder("tiny-llama"));
        using var whole = model.CreateSession(new InferenceSessionOptions { Threads = 1, PrefillChunk = 64 });
        using var chunked = model.CreateSession(new InferenceSessionOptions { Threads = 2, PrefillChunk = 5 });
        var a = whole.Prefill(prompt.Ids).ToArray();
        var b = chunked.Prefill(prompt.Ids).ToArray();
        AssertClose(a, b, "chunked");
    }

    [Fact]
    public void ContextOverflowIsAClearError()
    {
        using var model = LlamaModel.Load(HfReference.Folder("tiny-llama"));
        using var session = model.CreateSession(new InferenceSessionOptions { MaxContext = 4, Threads = 1 });
        session.Prefill([1, 2, 3]);
        session.Decode(4);
        var e = Assert.Throws<WrenException>(() => session.Decode(5));
        Assert.Contains("context is full", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateSession(new InferenceSessionOptions { Threads = 1 }).Decode(5000));
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float diff = MathF.Abs(expected[i] - actual[i]);
            if (diff > Tolerance && diff > Tolerance * MathF.Abs(expected[i]))
                Assert.Fail($"{what}: element {i}: expected {expected[i]}, got {actual[i]} (difference {diff})");
        }
    }
}
