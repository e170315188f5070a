using Wren.Export.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Tests.Models;

/// <summary>
/// A batched decode step computes, for every sequence, exactly what that sequence's own
/// <see cref="InferenceSession.Decode"/> computes: same greedy tokens, same logits bit for bit, while
/// sequences join and leave the batch between steps.
/// </summary>
public sealed class BatchedDecoderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-batched-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("tiny-llama", 1)]
    [InlineData("tiny-llama", 2)]
    [InlineData("tiny-qwen2", 1)]
    [InlineData("tiny-qwen2", 2)]
    [InlineData("tiny-llama-bf16-sharded", 2)]
    public void DifferentPromptsDecodedTogetherGiveTheTokensAndLogitsOfDecodingEachAlone(string name, int threads)
    {
        using var model = LlamaModel.Load(HfReference.Folder(name));
        // The bf16 folder has no ref_outputs.json; it is the tiny-llama model, so its prompts serve.
        var prompts = HfReference.Prompts(name == "tiny-llama-bf16-sharded" ? "tiny-llama" : name).Select(p => p.Ids).ToList();
        prompts.Add([.. prompts[0].Take(3)]); // a short one, so the sequences sit at different positions
        const int steps = 24;
        var solo = prompts.Select(p => Solo(model, p, steps, threads)).ToArray();
        var batched = Batched(model, prompts, [.. prompts.Select(_ => 0)], [.. prompts.Select(_ => steps)], threads);
        for (int s = 0; s < prompts.Count; s++)
        {
            Assert.Equal(solo[s].Tokens, batched[s].Tokens);
            AssertSameLogits(solo[s].Logits, batched[s].Logits, $"{name} sequence {s}");
        }

        if (name != "tiny-llama-bf16-sharded")
        {
            // And the tokens are transformers' greedy tokens: batching keeps the reference parity.
            var reference = HfReference.Prompts(name);
            for (int s = 0; s < reference.Count; s++) Assert.Equal(reference[s].GreedyIds, batched[s].Tokens);
        }
    }

    [Fact]
    public void SequencesThatJoinAndLeaveBetweenStepsDecodeAsTheyWouldAlone()
    {
        using var model = LlamaModel.Load(HfReference.Folder("tiny-qwen2"));
        var reference = HfReference.Prompts("tiny-qwen2");
        List<int[]> prompts = [reference[0].Ids, reference[1].Ids, reference[2].Ids, reference[0].Ids[..5], reference[2].Ids[..2]];
        int[] joins = [0, 0, 3, 5, 9];
        int[] lengths = [20, 4, 12, 7, 15];
        var solo = prompts.Select((p, i) => Solo(model, p, lengths[i], threads: 2)).ToArray();
        var batched = Batched(model, prompts, joins, lengths, threads: 2);
        for (int s = 0; s < prompts.Count; s++)
        {
            Assert.Equal(solo[s].Tokens, batched[s].Tokens);
            AssertSameLogits(solo[s].Logits, batched[s].Logits, $"sequence {s}");
        }
    }

    [Theory]
    [InlineData(GgufExportType.Q8_0)]
    [InlineData(GgufExportType.Q4_0)]
    [InlineData(GgufExportType.Q4_K)] // tiny-llama's 64-wide rows: Q4_K_M's fallbacks, Q5_0 and Q8_0
    [InlineData(GgufExportType.Q5_1)] // Q8_1 activations beside the output's Q8_0
    [InlineData(GgufExportType.Q4_1)]
    [InlineData(GgufExportType.F16)]
    public void QuantizedAndHalfWeightsBatchLikeTheyDecodeAlone(GgufExportType type)
    {
        string path = Path.Combine(_dir, $"tiny-llama-{type}.gguf");
        GgufExporter.Export(new GgufExportOptions { ModelDirectory = HfReference.Folder("tiny-llama"), OutputPath = path, Type = type });
        using var model = LlamaModel.Load(path);
        var prompts = HfReference.Prompts("tiny-llama").Select(p => p.Ids).ToList();
        var solo = prompts.Select(p => Solo(model, p, 16, threads: 2)).ToArray();
        var batched = Batched(model, prompts, [0, 1, 2], [16, 16, 16], threads: 2);
        for (int s = 0; s < prompts.Count; s++)
        {
            Assert.Equal(solo[s].Tokens, batched[s].Tokens);
            AssertSameLogits(solo[s].Logits, batched[s].Logits, $"{type} sequence {s}");
        }
    }

    /// <summary>Rows of 256 keep Q4_K_M's Q4_K and Q6_K: their Q8_K activations are made per sequence beside the Q8_0 ones.</summary>
    [Fact]
    public void AKQuantMixBatchesLikeItDecodesAlone()
    {
        var shape = new Wren.TestModels.RandomLlamaShape { Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, FeedForward = 512, Vocab = 300, Context = 128 };
        string path = Path.Combine(_dir, "random-q4_k_m.gguf");
        var result = Wren.TestModels.RandomLlamaGguf.Write(path, shape, GgufExportType.Q4_K, seed: 4);
        Assert.True(result.TensorsByType.GetValueOrDefault(Wren.Runtime.Quantization.GgmlType.Q4_K) > 0 && result.TensorsByType.GetValueOrDefault(Wren.Runtime.Quantization.GgmlType.Q6_K) > 0, "the file has no Q4_K or no Q6_K tensor");
        using var model = LlamaModel.Load(path);
        var random = new Random(5);
        var prompts = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3 + i * 4).Select(_ => random.Next(shape.Vocab)).ToArray()).ToList();
        var solo = prompts.Select(p => Solo(model, p, 8, threads: 2)).ToArray();
        var batched = Batched(model, prompts, [0, 0, 1], [8, 8, 8], threads: 2);
        for (int s = 0; s < prompts.Count; s++)
        {
            Assert.Equal(solo[s].Tokens, batched[s].Tokens);
            AssertSameLogits(solo[s].Logits, batched[s].Logits, $"Q4_K_M sequence {s}");
        }
    }

    [Theory]
    [InlineData(WeightDType.F32)]
    [InlineData(WeightDType.F16)]
    [InlineData(WeightDType.BF16)]
    public void AWiderModelWhoseLayersSpanManyRowBlocksBatchesExactly(WeightDType dtype)
    {
        // Hidden 256 and SwiGLU 688 (not a multiple of 8): several row blocks per worker, vector tails in every row.
        var config = new LlamaConfig
        {
            Architecture = ModelArchitecture.Qwen2,
            HiddenSize = 256,
            IntermediateSize = 688,
            NumHiddenLayers = 2,
            NumAttentionHeads = 8,
            NumKeyValueHeads = 2,
            HeadDim = 32,
            VocabSize = 1001,
            MaxPositionEmbeddings = 256,
            QkvBias = true,
            RmsNormEps = 1e-6,
        };
        using var model = LlamaModel.CreateRandom(config, dtype, seed: 7);
        var random = new Random(3);
        var prompts = Enumerable.Range(0, 6).Select(i => Enumerable.Range(0, 2 + i * 3).Select(_ => random.Next(config.VocabSize)).ToArray()).ToList();
        var solo = prompts.Select(p => Solo(model, p, 6, threads: 2)).ToArray();
        var batched = Batched(model, prompts, [0, 0, 0, 1, 2, 2], [6, 6, 6, 6, 6, 6], threads: 2);
        for (int s = 0; s < prompts.Count; s++)
        {
            Assert.Equal(solo[s].Tokens, batched[s].Tokens);
            AssertSameLogits(solo[s].Logits, batched[s].Logits, $"{dtype} sequence {s}");
        }
    }

    [Fact]
    public void APhi2ModelsParallelLayerBatchesExactly()
    {
        // LayerNorms with biases, fc1 run beside q/k/v, the ungated GELU, partial rotary (12 of 32) and the head's bias.
        var config = new LlamaConfig
        {
            Architecture = ModelArchitecture.Phi2,
            HiddenSize = 128,
            IntermediateSize = 520,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 4,
            HeadDim = 32,
            VocabSize = 1001,
            MaxPositionEmbeddings = 256,
            PartialRotaryFactor = 0.4,
            AttentionBias = true,
            MlpBias = true,
            RmsNormEps = 1e-5,
        };
        using var model = LlamaModel.CreateRandom(config, WeightDType.F32, seed: 11);
        var random = new Random(5);
        var prompts = Enumerable.Range(0, 4).Select(i => Enumerable.Range(0, 3 + i * 4).Select(_ => random.Next(config.VocabSize)).ToArray()).ToList();
        var solo = prompts.Select(p => Solo(model, p, 6, threads: 2)).ToArray();
        var batched = Batched(model, prompts, [0, 0, 1, 2], [6, 6, 6, 6], threads: 2);
        for (int s = 0; s < prompts.Count; s++)
        {
            Assert.Equal(solo[s].Tokens, batched[s].Tokens);
            AssertSameLogits(solo[s].Logits, batched[s].Logits, $"phi2 sequence {s}");
        }
    }

    [Fact]
    public void ASlidingWindowLimitsEachSequenceToItsOwnLastPositions()
    {
        File.Copy(Path.Combine(HfReference.Folder("tiny-llama"), "model.safetensors"), Path.Combine(_dir, "model.safetensors"));
        string config = File.ReadAllText(Path.Combine(HfReference.Folder("tiny-llama"), "config.json"))
            .Replace("LlamaForCausalLM", "MistralForCausalLM").Replace("\"model_type\": \"llama\"", "\"model_type\": \"mistral\", \"sliding_window\": 6");
        File.WriteAllText(Path.Combine(_dir, "config.json"), config);
        using var model = LlamaModel.Load(_dir);
        Assert.Equal(6, model.Config.SlidingWindow);
        var prompts = HfReference.Prompts("tiny-llama").Select(p => p.Ids).ToList();
        var solo = prompts.Select(p => Solo(model, p, 10, threads: 1)).ToArray();
        var batched = Batched(model, prompts, [0, 0, 4], [10, 10, 10], threads: 1);
        for (int s = 0; s < prompts.Count; s++) AssertSameLogits(solo[s].Logits, batched[s].Logits, $"sequence {s}");
    }

    [Fact]
    public void AStepAllocatesNothing()
    {
        using var model = LlamaModel.Load(HfReference.Folder("tiny-qwen2"));
        using var pool = new WorkerPool(2);
        using var decoder = new BatchedDecoder(model, 4, pool);
        var sessions = Enumerable.Range(0, 4).Select(_ => model.CreateSession(new InferenceSessionOptions { Pool = pool, MaxContext = 128 })).ToArray();
        int[] tokens = new int[4];
        for (int i = 0; i < 4; i++) tokens[i] = ArgMax(sessions[i].Prefill([40 + i, 71, 349]));
        for (int step = 0; step < 5; step++) Step(decoder, sessions, tokens); // warm up (JIT, tiering)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 30; step++) Step(decoder, sessions, tokens);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        foreach (var s in sessions) s.Dispose();
        Assert.True(allocated == 0, $"30 batched steps of 4 sequences allocated {allocated} bytes");
    }

    [Fact]
    public void AFullContextIsReportedAndNothingAdvances()
    {
        using var model = LlamaModel.Load(HfReference.Folder("tiny-llama"));
        using var decoder = new BatchedDecoder(model, 2, new WorkerPool(1));
        using var roomy = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 });
        using var full = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 4 });
        roomy.Prefill([1, 2]);
        full.Prefill([1, 2, 3, 4]);
        var error = Assert.Throws<WrenException>(() => decoder.Decode([roomy, full], [5, 6]));
        Assert.Contains("sequence 1", error.Message);
        Assert.Contains("full", error.Message);
        Assert.Equal(2, roomy.Position);
    }

    [Fact]
    public void MisusedArgumentsAreRefusedWithTheReason()
    {
        using var model = LlamaModel.Load(HfReference.Folder("tiny-llama"));
        using var other = LlamaModel.Load(HfReference.Folder("tiny-qwen2"));
        using var decoder = new BatchedDecoder(model, 2, new WorkerPool(1));
        using var a = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 });
        using var b = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 });
        using var c = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 });
        using var foreign = other.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 });
        Assert.Contains("same session", Assert.Throws<ArgumentException>(() => decoder.Decode([a, a], [1, 2])).Message);
        Assert.Contains("another model", Assert.Throws<ArgumentException>(() => decoder.Decode([a, foreign], [1, 2])).Message);
        Assert.Contains("batch of 2", Assert.Throws<ArgumentException>(() => decoder.Decode([a, b, c], [1, 2, 3])).Message);
        Assert.Contains("vocabulary", Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Decode([a], [model.Config.VocabSize])).Message);
        Assert.Throws<ArgumentException>(() => decoder.Decode([a, b], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Logits(0));
    }

    private static void Step(BatchedDecoder decoder, InferenceSession[] sessions, int[] tokens)
    {
        decoder.Decode(sessions, tokens);
        for (int i = 0; i < sessions.Length; i++) tokens[i] = ArgMax(decoder.Logits(i));
    }

    /// <summary>Greedy decoding of one sequence on its own session: the first token from the prefill, then steps - 1 decodes.</summary>
    private static (List<int> Tokens, List<float[]> Logits) Solo(LlamaModel model, int[] prompt, int steps, int threads)
    {
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = threads, MaxContext = 128 });
        var tokens = new List<int>();
        var logits = new List<float[]>();
        int next = ArgMax(session.Prefill(prompt));
        tokens.Add(next);
        for (int i = 1; i < steps; i++)
        {
            var l = session.Decode(next);
            logits.Add(l.ToArray());
            next = ArgMax(l);
            tokens.Add(next);
        }

        return (tokens, logits);
    }

    /// <summary>
    /// Continuous batching: sequence s is prefilled at step joins[s], then decoded with whichever sequences
    /// are active until it has lengths[s] tokens, when it leaves the batch.
    /// </summary>
    private static (List<int> Tokens, List<float[]> Logits)[] Batched(LlamaModel model, IReadOnlyList<int[]> prompts, int[] joins, int[] lengths, int threads)
    {
        int n = prompts.Count;
        using var pool = new WorkerPool(threads);
        using var decoder = new BatchedDecoder(model, n, pool);
        var sessions = new InferenceSession[n];
        var results = Enumerable.Range(0, n).Select(_ => (Tokens: new List<int>(), Logits: new List<float[]>())).ToArray();
        try
        {
            for (int step = 0; results.Select((r, s) => r.Tokens.Count < lengths[s]).Any(x => x); step++)
            {
                var active = new List<int>();
                for (int s = 0; s < n; s++)
                {
                    if (joins[s] == step)
                    {
                        sessions[s] = model.CreateSession(new InferenceSessionOptions { Pool = pool, MaxContext = 128 });
                        results[s].Tokens.Add(ArgMax(sessions[s].Prefill(prompts[s])));
                    }
                    else if (joins[s] < step && results[s].Tokens.Count < lengths[s])
                    {
                        active.Add(s);
                    }
                }

                if (active.Count == 0) continue;
                decoder.Decode(active.Select(s => sessions[s]).ToArray(), active.Select(s => results[s].Tokens[^1]).ToArray());
                Assert.Equal(active.Count, decoder.Count);
                for (int i = 0; i < active.Count; i++)
                {
                    var logits = decoder.Logits(i);
                    results[active[i]].Logits.Add(logits.ToArray());
                    results[active[i]].Tokens.Add(ArgMax(logits));
                }
            }
        }
        finally
        {
            foreach (var s in sessions) s?.Dispose();
        }

        return results;
    }

    private static void AssertSameLogits(List<float[]> expected, List<float[]> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int step = 0; step < expected.Count; step++)
        {
            for (int i = 0; i < expected[step].Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[step][i]) != BitConverter.SingleToInt32Bits(actual[step][i]))
                    Assert.Fail($"{what}, step {step}, logit {i}: batched {actual[step][i]:R}, alone {expected[step][i]:R}");
            }
        }
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
