using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Export.Gguf;
using Wren.Export.HuggingFace;
using Wren.Runtime;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Quantization;

namespace Wren.Export.Tests.Gguf;

/// <summary>
/// What the exporter writes, read back with <see cref="GgufReader"/>: metadata keys as llama.cpp
/// names them, tensor names and types, the q/k permutation, and clear errors for bad model folders.
/// (That llama.cpp runs the files is proven in Wren.Export.Tests.)
/// </summary>
public sealed class GgufExporterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-exporter-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public GgufExporterTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);

    private GgufExportResult Export(string modelDir, GgufExportType type, string? name = null) => GgufExporter.Export(new GgufExportOptions
    {
        ModelDirectory = modelDir,
        OutputPath = Path.Combine(_dir, (name ?? Path.GetFileName(modelDir)) + "-" + type + ".gguf"),
        Type = type,
    });

    [Fact]
    public void APhi3NameOnAVocabularyWithoutPhi3sTokensIsRefusedBeforeLlamaCppWouldFailOnIt()
    {
        string folder = Path.Combine(_dir, "my-phi3-tune");
        Wren.TestModels.RandomHfModel.Write(folder, new Wren.Runtime.Formats.HuggingFace.LlamaConfig
        {
            Architecture = Wren.Runtime.Formats.HuggingFace.ModelArchitecture.Phi3,
            HiddenSize = 16,
            IntermediateSize = 32,
            NumHiddenLayers = 1,
            NumAttentionHeads = 2,
            NumKeyValueHeads = 2,
            HeadDim = 8,
            VocabSize = 1024,
        }, Fixture("tiny-qwen2"));
        var error = Assert.Throws<WrenException>(() => Export(folder, GgufExportType.F32));
        Assert.Contains("'my-phi3-tune'", error.Message);
        Assert.Contains("</s>", error.Message);
        Assert.Contains("--name", error.Message);
        var renamed = GgufExporter.Export(new GgufExportOptions { ModelDirectory = folder, OutputPath = Path.Combine(_dir, "renamed.gguf"), Type = GgufExportType.F32, Name = "my-tune" });
        using GgufReader r = GgufReader.Open(renamed.OutputPath);
        Assert.Equal("my-tune", r.GetString("general.name"));
    }

    [Fact]
    public void LlamaExportHasEveryMetadataKeyLlamaCppRequires()
    {
        GgufExportResult result = Export(Fixture("tiny-llama"), GgufExportType.F32);
        using GgufReader r = GgufReader.Open(result.OutputPath);
        Assert.Equal("llama", r.GetString("general.architecture"));
        Assert.Equal("tiny-llama", r.GetString("general.name"));
        Assert.Equal(256, r.Get("llama.context_length", GgufValueType.UInt32).AsInt64());
        Assert.Equal(64, r.Get("llama.embedding_length", GgufValueType.UInt32).AsInt64());
        Assert.Equal(2, r.Get("llama.block_count", GgufValueType.UInt32).AsInt64());
        Assert.Equal(176, r.Get("llama.feed_forward_length", GgufValueType.UInt32).AsInt64());
        Assert.Equal(4, r.Get("llama.attention.head_count", GgufValueType.UInt32).AsInt64());
        Assert.Equal(2, r.Get("llama.attention.head_count_kv", GgufValueType.UInt32).AsInt64());
        Assert.Equal(1e-5f, r.Get("llama.attention.layer_norm_rms_epsilon", GgufValueType.Float32).AsSingle());
        Assert.Equal(10000f, r.Get("llama.rope.freq_base", GgufValueType.Float32).AsSingle());
        Assert.Equal(16, r.Get("llama.rope.dimension_count", GgufValueType.UInt32).AsInt64());
        Assert.Equal(0, r.Get("general.file_type", GgufValueType.UInt32).AsInt64());

        Assert.Equal("gpt2", r.GetString("tokenizer.ggml.model"));
        Assert.Equal("gpt-2", r.GetString("tokenizer.ggml.pre"));
        var tokens = (string[])r.Get("tokenizer.ggml.tokens").AsArray().Items;
        var types = (int[])r.Get("tokenizer.ggml.token_type").AsArray().Items;
        Assert.Equal(1024, tokens.Length);
        Assert.Equal(["<|endoftext|>", "<|im_start|>", "<|im_end|>"], tokens[..3]);
        Assert.Equal([3, 3, 3, 1], types[..4]);
        Assert.Equal(765, r.Get("tokenizer.ggml.merges").AsArray().Count);
        Assert.Equal("Ġ t", ((string[])r.Get("tokenizer.ggml.merges").AsArray().Items)[0]);
        Assert.Equal(0, r.Get("tokenizer.ggml.bos_token_id").AsInt64());
        Assert.Equal(0, r.Get("tokenizer.ggml.eos_token_id").AsInt64());
        Assert.Equal(0, r.Get("tokenizer.ggml.padding_token_id").AsInt64());
        Assert.False(r.Get("tokenizer.ggml.add_bos_token").AsBool());
        Assert.Equal(File.ReadAllText(Path.Combine(Fixture("tiny-llama"), "chat_template.jinja")), r.GetString("tokenizer.chat_template"));
    }

    [Fact]
    public void TiedLlamaHasNoOutputMatrixAndUntiedQwen2HasOneWithBiases()
    {
        using (GgufReader llama = GgufReader.Open(Export(Fixture("tiny-llama"), GgufExportType.F16).OutputPath))
        {
            Assert.False(llama.TryGetTensor("output.weight", out _));
            Assert.Equal(2 + 2 * 9, llama.Tensors.Count);
            Assert.Equal([64L, 1024L], llama.GetTensor("token_embd.weight").Dimensions);
            Assert.Equal(GgmlType.F16, llama.GetTensor("blk.1.ffn_down.weight").Type);
            Assert.Equal(GgmlType.F32, llama.GetTensor("blk.1.ffn_norm.weight").Type);
            Assert.Equal(GgmlType.F32, llama.GetTensor("output_norm.weight").Type);
        }
        using GgufReader qwen = GgufReader.Open(Export(Fixture("tiny-qwen2"), GgufExportType.F16).OutputPath);
        Assert.Equal("qwen2", qwen.GetString("general.architecture"));
        Assert.Equal(1, qwen.Get("qwen2.attention.head_count_kv").AsInt64());
        Assert.Equal([64L, 1024L], qwen.GetTensor("output.weight").Dimensions);
        Assert.Equal(GgmlType.F32, qwen.GetTensor("blk.0.attn_q.bias").Type);
        Assert.Equal([16L], qwen.GetTensor("blk.0.attn_k.bias").Dimensions);
    }

    [Fact]
    public void LlamaQAndKRowsArePermutedAsConvertHfToGgufDoesAndQwen2RowsAreNot()
    {
        using (HfCheckpointReader hf = HfCheckpointReader.Open(Fixture("tiny-llama")))
        using (GgufReader r = GgufReader.Open(Export(Fixture("tiny-llama"), GgufExportType.F32).OutputPath))
        {
            AssertPermuted(hf.ReadSingle("model.layers.1.self_attn.q_proj.weight"), r.ReadAsSingle(r.GetTensor("blk.1.attn_q.weight")), heads: 4, columns: 64);
            AssertPermuted(hf.ReadSingle("model.layers.1.self_attn.k_proj.weight"), r.ReadAsSingle(r.GetTensor("blk.1.attn_k.weight")), heads: 2, columns: 64);
            Assert.Equal(hf.ReadSingle("model.layers.1.self_attn.v_proj.weight"), r.ReadAsSingle(r.GetTensor("blk.1.attn_v.weight")));
            Assert.Equal(hf.ReadSingle("model.embed_tokens.weight"), r.ReadAsSingle(r.GetTensor("token_embd.weight")));
        }
        using (HfCheckpointReader hf = HfCheckpointReader.Open(Fixture("tiny-qwen2")))
        using (GgufReader r = GgufReader.Open(Export(Fixture("tiny-qwen2"), GgufExportType.F32).OutputPath))
        {
            Assert.Equal(hf.ReadSingle("model.layers.0.self_attn.q_proj.weight"), r.ReadAsSingle(r.GetTensor("blk.0.attn_q.weight")));
            Assert.Equal(hf.ReadSingle("model.layers.0.self_attn.k_proj.bias"), r.ReadAsSingle(r.GetTensor("blk.0.attn_k.bias")));
        }
    }

    private static void AssertPermuted(float[] hf, float[] gguf, int heads, int columns)
    {
        int headDim = hf.Length / columns / heads, half = headDim / 2;
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < half; i++)
                for (int j = 0; j < 2; j++)
                    Assert.Equal(
                        hf.AsSpan((h * headDim + j * half + i) * columns, columns).ToArray(),
                        gguf.AsSpan((h * headDim + 2 * i + j) * columns, columns).ToArray());
    }

    [Fact]
    public void Q80ExportFallsBackToF16ForRowsThatAreNotWholeBlocks()
    {
        GgufExportResult result = Export(Fixture("tiny-llama"), GgufExportType.Q8_0);
        using GgufReader r = GgufReader.Open(result.OutputPath);
        Assert.Equal(7, r.Get("general.file_type").AsInt64());
        Assert.Equal(GgmlType.Q8_0, r.GetTensor("blk.0.attn_q.weight").Type);
        Assert.Equal(GgmlType.Q8_0, r.GetTensor("token_embd.weight").Type);
        Assert.Equal(GgmlType.F16, r.GetTensor("blk.0.ffn_down.weight").Type); // rows of 176
        Assert.Contains(result.Fallbacks, f => f.StartsWith("blk.0.ffn_down.weight: rows of 176", StringComparison.Ordinal));
        Assert.Equal(158016, result.ParameterCount);
    }

    [Fact]
    public void ShardedBf16CheckpointExportsItsExactValues()
    {
        GgufExportResult result = Export(Fixture("tiny-llama-bf16-sharded"), GgufExportType.BF16);
        using GgufReader r = GgufReader.Open(result.OutputPath);
        using HfCheckpointReader hf = HfCheckpointReader.Open(Fixture("tiny-llama-bf16-sharded"));
        GgufTensorInfo up = r.GetTensor("blk.1.ffn_up.weight");
        Assert.Equal(GgmlType.BF16, up.Type);
        Assert.Equal(hf.ReadSingle("model.layers.1.mlp.up_proj.weight"), r.ReadAsSingle(up));
        Assert.Equal(32, r.Get("general.file_type").AsInt64());
    }

    [Fact]
    public void Q4KMixFollowsLlamaQuantizeForWideRows()
    {
        long[] wide = [256, 512];
        Assert.Equal(GgmlType.Q6_K, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "output.weight", wide, 8, true, out _));
        Assert.Equal(GgmlType.Q6_K, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.0.attn_v.weight", wide, 8, false, out _));
        Assert.Equal(GgmlType.Q4_K, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.1.attn_v.weight", wide, 8, false, out _));
        Assert.Equal(GgmlType.Q6_K, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.3.ffn_down.weight", wide, 8, false, out _));
        Assert.Equal(GgmlType.Q6_K, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.7.ffn_down.weight", wide, 8, false, out _));
        Assert.Equal(GgmlType.Q4_K, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.2.ffn_gate.weight", wide, 8, false, out _));
        Assert.Equal(GgmlType.F32, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.2.attn_norm.weight", [256], 8, false, out _));
        Assert.Equal(GgmlType.Q5_0, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.2.ffn_gate.weight", [288, 768], 8, false, out string? why));
        Assert.Contains("288", why);
        Assert.Equal(GgmlType.Q8_0, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "output.weight", [288, 32000], 8, true, out _));
        Assert.Equal(GgmlType.F16, GgufTensorTypePolicy.Choose(GgufExportType.Q4_K, "blk.2.ffn_down.weight", [176, 64], 8, false, out _));
    }

    [Fact]
    public void UnsupportedArchitectureIsNamedInTheError()
    {
        string model = CopyFixture("tiny-llama", "gpt-neox", config => config["architectures"] = new JsonArray("GPTNeoXForCausalLM"));
        var e = Assert.Throws<WrenException>(() => Export(model, GgufExportType.F16));
        Assert.Contains("GPTNeoXForCausalLM", e.Message);
    }

    [Fact]
    public void ShapeMismatchAndMissingTensorsNameTheTensor()
    {
        string wider = CopyFixture("tiny-llama", "wider", config => config["intermediate_size"] = 200);
        var e = Assert.Throws<WrenException>(() => Export(wider, GgufExportType.F16));
        Assert.Contains("mlp.", e.Message);
        Assert.Contains("[200, 64]", e.Message.Replace("[64, 200]", "[200, 64]"));

        string deeper = CopyFixture("tiny-llama", "deeper", config => config["num_hidden_layers"] = 3);
        e = Assert.Throws<WrenException>(() => Export(deeper, GgufExportType.F16));
        Assert.Contains("model.layers.2.", e.Message);
        Assert.Contains("blk.2.", e.Message);
    }

    [Fact]
    public void TruncatedCheckpointIsReportedWithTheFile()
    {
        string model = CopyFixture("tiny-llama", "truncated", _ => { });
        string weights = Path.Combine(model, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes.AsSpan(0, bytes.Length - 1000).ToArray());
        var e = Assert.Throws<WrenException>(() => Export(model, GgufExportType.F16));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "truncated-F16.gguf")));
    }

    private string CopyFixture(string fixture, string name, Action<JsonObject> editConfig)
    {
        string target = Path.Combine(_dir, name);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(Fixture(fixture)))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        string configPath = Path.Combine(target, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        editConfig(config);
        File.WriteAllText(configPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return target;
    }
}
