using Wren.Export.Gguf;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;
using Wren.Runtime.Tests.Tensors;

namespace Wren.Runtime.Tests.Models;

/// <summary>
/// GGUF files written by the exporter (llama.cpp's layout, q/k rows permuted) load into LlamaModel and
/// compute what the safetensors checkpoint and transformers compute.
/// </summary>
public sealed class GgufModelLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-gguf-load-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Export(string name, GgufExportType type)
    {
        string path = Path.Combine(_dir, $"{name}-{type}.gguf");
        GgufExporter.Export(new GgufExportOptions { ModelDirectory = HfReference.Folder(name), OutputPath = path, Type = type });
        return path;
    }

    [Theory]
    [InlineData("tiny-llama", GgufExportType.F32, 1e-4f)]
    [InlineData("tiny-qwen2", GgufExportType.F32, 1e-4f)]
    [InlineData("tiny-llama", GgufExportType.F16, 2e-2f)]
    public void GgufLogitsMatchTheSafetensorsModel(string name, GgufExportType type, float tolerance)
    {
        using var reference = LlamaModel.Load(HfReference.Folder(name));
        using var gguf = LlamaModel.Load(Export(name, type));
        Assert.Equal(reference.Config.HiddenSize, gguf.Config.HiddenSize);
        Assert.Equal(reference.Config.NumKeyValueHeads, gguf.Config.NumKeyValueHeads);
        Assert.Equal(reference.Config.VocabSize, gguf.Config.VocabSize);
        using var a = reference.CreateSession(new InferenceSessionOptions { Threads = 2 });
        using var b = gguf.CreateSession(new InferenceSessionOptions { Threads = 2 });
        foreach (var prompt in HfReference.Prompts(name))
        {
            a.Reset();
            b.Reset();
            float[] expected = a.Prefill(prompt.Ids).ToArray();
            float[] actual = b.Prefill(prompt.Ids).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{name} {type} '{prompt.Text}' logit {i}: {actual[i]} vs {expected[i]}");
            float[] e2 = a.Decode(prompt.GreedyIds[0]).ToArray();
            float[] a2 = b.Decode(prompt.GreedyIds[0]).ToArray();
            for (int i = 0; i < e2.Length; i++)
                Assert.True(Math.Abs(e2[i] - a2[i]) <= tolerance, $"{name} {type} '{prompt.Text}' decode logit {i}: {a2[i]} vs {e2[i]}");
        }
    }

    [Theory]
    [InlineData(GgufExportType.Q8_0, WeightDType.Q8_0, 0.95)]
    [InlineData(GgufExportType.Q4_0, WeightDType.Q4_0, 0.5)]
    public void QuantizedGgufGreedyTokensFollowTransformers(GgufExportType type, WeightDType expectedType, double minimumAgreement)
    {
        using var model = LlamaModel.Load(Export("tiny-llama", type));
        Assert.Equal(expectedType, model.Weights.Layers[0].Gate!.Weight.DType);
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        int same = 0, total = 0;
        foreach (var prompt in HfReference.Prompts("tiny-llama"))
        {
            session.Reset();
            // Teacher-forced: each step is judged on the reference's own prefix, so one early flip does not fail every later step.
            var logits = session.Prefill(prompt.Ids).ToArray();
            foreach (int expected in prompt.GreedyIds)
            {
                if (ArgMax(logits) == expected) same++;
                total++;
                logits = session.Decode(expected).ToArray();
            }
        }

        Assert.True(same >= minimumAgreement * total, $"{type}: {same} of {total} greedy steps agree with transformers");
    }

    [Theory]
    [InlineData(GgufExportType.Q8_0)]
    [InlineData(GgufExportType.Q4_0)]
    public void DecodingAQuantizedModelAllocatesNothingPerToken(GgufExportType type)
    {
        using var model = LlamaModel.Load(Export("tiny-llama", type));
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2, MaxContext = 128 });
        int next = ArgMax(session.Prefill([40, 71, 349]).ToArray());
        for (int i = 0; i < 5; i++) next = ArgMax(session.Decode(next)); // warm up (JIT, tiering, the Q8_0 activation buffer)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 30; i++) next = ArgMax(session.Decode(next));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"30 decoded tokens allocated {allocated} bytes");
    }

    [Fact]
    public void Llama3RopeScalingRoundTripsThroughTheRopeFreqsTensor()
    {
        // tiny-llama with llama3 scaling whose original context (16) is short enough to change most frequencies.
        string folder = Path.Combine(_dir, "tiny-llama-llama3");
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(HfReference.Folder("tiny-llama"))) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        config["rope_parameters"] = new System.Text.Json.Nodes.JsonObject
        {
            ["rope_theta"] = 10000.0, ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 16,
        };
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        string path = Path.Combine(_dir, "llama3.gguf");
        GgufExporter.Export(new GgufExportOptions { ModelDirectory = folder, OutputPath = path, Type = GgufExportType.F32 });

        using var reference = LlamaModel.Load(folder);
        using var gguf = LlamaModel.Load(path);
        Assert.Equal("factors", gguf.Config.RopeScaling.Type);
        float[] expected = RotaryEmbedding.ComputeInverseFrequencies(reference.Config), actual = RotaryEmbedding.ComputeInverseFrequencies(gguf.Config);
        Assert.NotEqual(RotaryEmbedding.ComputeInverseFrequencies(reference.Config with { RopeScaling = Wren.Runtime.Formats.HuggingFace.RopeScaling.None }), expected);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f * expected[i], $"inverse frequency {i}: {actual[i]} vs {expected[i]}");

        using var a = reference.CreateSession(new InferenceSessionOptions { Threads = 1 });
        using var b = gguf.CreateSession(new InferenceSessionOptions { Threads = 1 });
        int[] prompt = HfReference.Prompts("tiny-llama")[0].Ids;
        float[] la = a.Prefill(prompt).ToArray(), lb = b.Prefill(prompt).ToArray();
        for (int i = 0; i < la.Length; i++) Assert.True(Math.Abs(la[i] - lb[i]) <= 1e-4f, $"logit {i}: {lb[i]} vs {la[i]}");
    }

    [Fact]
    public unsafe void TheQueryAndKeyRowsItCopiesAreNotAlsoHeldInTheMapping()
    {
        // llama's q/k rows are un-permuted into copies; their mapped pages, read once for the copy, must leave the resident
        // set, or a 3B model counts ~200 MB twice against llama.cpp. The other matrices are populated at load (Prefault.Read).
        var shape = new Wren.TestModels.RandomLlamaShape { Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, FeedForward = 512, Vocab = 512 };
        string path = Path.Combine(_dir, "resident.gguf");
        Wren.TestModels.RandomLlamaGguf.Write(path, shape, GgufExportType.F32);
        using var model = LlamaModel.Load(path);
        var layer = model.Weights.Layers[0];
        long mappedKb = ResidentMemory.MappingKb((void*)layer.Value.Weight.Data);
        long copiedKb = model.Weights.Layers.Sum(l => l.Query.Weight.ByteLength + l.Key.Weight.ByteLength) / 1024;
        long populatedKb = (model.Weights.Layers.Sum(l => l.Value.Weight.ByteLength + l.Output.Weight.ByteLength + l.Gate!.Weight.ByteLength + l.Up.Weight.ByteLength + l.Down.Weight.ByteLength)
            + model.Weights.LmHead.ByteLength) / 1024;
        long fileKb = new FileInfo(path).Length / 1024;
        Assert.True(copiedKb >= 512, $"the test model's q/k hold {copiedKb} kB; too few pages to tell");
        Assert.Equal(fileKb, populatedKb + copiedKb, tolerance: 64); // the rest: metadata, vocabulary, norms
        Assert.True(mappedKb >= populatedKb - 16, $"{mappedKb} kB of the mapping resident; the populated matrices alone hold {populatedKb} kB");
        // Only whole pages are released: a copied tensor's first and last pages may hold its neighbours' bytes and stay.
        long sharedKb = 2 * 2 * shape.Layers * Environment.SystemPageSize / 1024;
        Assert.True(mappedKb <= fileKb - copiedKb + sharedKb, $"{mappedKb} kB of the {fileKb} kB mapping resident: the {copiedKb} kB of q/k rows copied at load are still mapped in");
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = 16 });
        Assert.True(float.IsFinite(session.Prefill([1, 2, 3])[0]), "the model runs from its copies");
    }

    [Fact]
    public void AnUnsupportedArchitectureIsNamedInTheError()
    {
        string path = Path.Combine(_dir, "gpt2.gguf");
        var writer = new Wren.Runtime.Formats.Gguf.GgufWriter();
        writer.Add("general.architecture", Wren.Runtime.Formats.Gguf.GgufValue.Of("gpt2"));
        using (var stream = File.Create(path)) writer.WriteTo(stream);
        var error = Assert.Throws<WrenException>(() => LlamaModel.Load(path));
        Assert.Contains("gpt2", error.Message);
        Assert.Contains(path, error.Message);
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
