using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Wren.Export.HuggingFace;
using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Generation;
using Wren.Runtime.Models;
using Wren.Runtime.Tests;
using Wren.Runtime.Tokenization;
using Wren.Templates;

namespace Wren.Export.Tests.HuggingFace;

/// <summary>
/// Exports of the transformers fixtures reload through the runtime with transformers' logits, and the
/// files are what transformers 4 reads: config spelling, safetensors header, tokenizer files.
/// </summary>
public sealed class HfModelExporterTests : IDisposable
{
    private const float Tolerance = 1e-4f;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-hf-export-" + Guid.NewGuid().ToString("N")[..8]);

    public static TheoryData<string> Models => new() { "tiny-llama", "tiny-qwen2" };

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Float32ExportReloadsWithTheReferenceLogitsAndGreedyTokens(string name)
    {
        string output = Path.Combine(_dir, name);
        var result = HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder(name), OutputDirectory = output });

        Assert.Equal(1, result.ShardCount);
        AssertLogitsMatch(output, Path.Combine(HfReference.Folder(name), "ref_logits.safetensors"), "logits");
        using var model = LlamaModel.Load(output);
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

    [Fact]
    public void APhi2FolderExportsWithItsBiasesAndLayerNormsAndReloadsWithTheSameLogits()
    {
        string source = Path.Combine(_dir, "phi2-source"), output = Path.Combine(_dir, "phi2-export");
        var config = Wren.TestModels.TinyPhi2.Config;
        Wren.TestModels.RandomHfModel.Write(source, config, HfReference.Folder("tiny-qwen2"), seed: 3);
        var result = HfModelExporter.Export(new HfExportOptions { ModelDirectory = source, OutputDirectory = output });

        // Every described tensor is written, the LayerNorm and head biases among them, under transformers' names.
        Assert.Equal(config.ParameterCount, result.ParameterCount);
        using (var file = SafetensorsFile.Open(Path.Combine(output, SafetensorsCheckpoint.SingleFileName)))
        {
            Assert.Contains("model.layers.1.input_layernorm.bias", file.Tensors.Keys);
            Assert.Contains("model.final_layernorm.bias", file.Tensors.Keys);
            Assert.Contains("lm_head.bias", file.Tensors.Keys);
        }

        int[] prompt = [5, 17, 280, 42, 999, 123, 7];
        using var before = LlamaModel.Load(source);
        using var after = LlamaModel.Load(output);
        Assert.Equal(before.Config, after.Config with { EosTokenIds = before.Config.EosTokenIds });
        using var a = before.CreateSession(new InferenceSessionOptions { Threads = 1 });
        using var b = after.CreateSession(new InferenceSessionOptions { Threads = 1 });
        Assert.Equal(a.Prefill(prompt).ToArray(), b.Prefill(prompt).ToArray());
    }

    [Fact]
    public void Bf16ExportRoundsLikeTorchAndGivesTheLogitsOfBf16Weights()
    {
        string output = Path.Combine(_dir, "bf16");
        HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder("tiny-llama"), OutputDirectory = output, DType = SafetensorsDType.BF16 });

        // The fixture's BF16 shards are torch's model.to(torch.bfloat16): the export must be bit-identical.
        using var exported = SafetensorsCheckpoint.Open(output);
        using var torch = SafetensorsCheckpoint.Open(HfReference.Folder("tiny-llama-bf16-sharded"));
        Assert.Equal(torch.TensorNames.Order(StringComparer.Ordinal), exported.TensorNames.Order(StringComparer.Ordinal));
        foreach (string tensor in torch.TensorNames)
        {
            var a = exported.GetInfo(tensor);
            var b = torch.GetInfo(tensor);
            Assert.Equal(SafetensorsDType.BF16, a.DType);
            Assert.Equal(b.Shape, a.Shape);
            Assert.True(exported.FileOf(tensor).GetBytes(a).SequenceEqual(torch.FileOf(tensor).GetBytes(b)), $"{tensor} differs from torch's bfloat16 rounding");
        }

        AssertLogitsMatch(output, Path.Combine(HfReference.Folder("tiny-llama-bf16-sharded"), "ref_logits_bf16_weights.safetensors"), "logits_f32_compute");
        Assert.Equal("bfloat16", ReadJson(output, "config.json").GetProperty("torch_dtype").GetString());
    }

    [Fact]
    public void F16ExportHoldsHalfPrecisionWeightsThatReloadClose()
    {
        string output = Path.Combine(_dir, "f16");
        HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder("tiny-qwen2"), OutputDirectory = output, DType = SafetensorsDType.F16 });
        using (var file = SafetensorsFile.Open(Path.Combine(output, "model.safetensors")))
        {
            Assert.All(file.Tensors.Values, t => Assert.Equal(SafetensorsDType.F16, t.DType));
            float[] original;
            using (var source = SafetensorsFile.Open(Path.Combine(HfReference.Folder("tiny-qwen2"), "model.safetensors")))
                original = source.ReadAsSingle("model.layers.1.self_attn.q_proj.bias");
            float[] half = file.ReadAsSingle("model.layers.1.self_attn.q_proj.bias");
            for (int i = 0; i < original.Length; i++) Assert.Equal((float)(Half)original[i], half[i]);
        }

        using var model = LlamaModel.Load(output);
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        var prompt = HfReference.Prompts("tiny-qwen2")[0];
        var logits = session.Prefill(prompt.Ids);
        Assert.Equal(ArgMax(prompt.LastLogits), ArgMax(logits));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SafetensorsHeaderIsWhatThePythonReaderExpects(string name)
    {
        string output = Path.Combine(_dir, name);
        HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder(name), OutputDirectory = output, DType = SafetensorsDType.BF16 });
        byte[] bytes = File.ReadAllBytes(Path.Combine(output, "model.safetensors"));
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd(' '));
        var metadata = header.RootElement.GetProperty("__metadata__");
        Assert.Equal("pt", metadata.GetProperty("format").GetString());
        Assert.Single(metadata.EnumerateObject());

        var config = LlamaConfigJson.Load(HfReference.Folder(name));
        var ranges = new List<(long Begin, long End)>();
        foreach (var tensor in header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__"))
        {
            Assert.Equal("BF16", tensor.Value.GetProperty("dtype").GetString());
            long[] shape = tensor.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            long[] offsets = tensor.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal(shape.Aggregate(1L, (a, b) => a * b) * 2, offsets[1] - offsets[0]);
            if (tensor.Name == "model.embed_tokens.weight") Assert.Equal(new long[] { config.VocabSize, config.HiddenSize }, shape);
            ranges.Add((offsets[0], offsets[1]));
        }

        // Contiguous from 0 to the end of the file, no gaps or overlaps (safetensors rejects both).
        ranges.Sort();
        Assert.Equal(0, ranges[0].Begin);
        for (int i = 1; i < ranges.Count; i++) Assert.Equal(ranges[i - 1].End, ranges[i].Begin);
        Assert.Equal(bytes.Length - 8 - headerLength, ranges[^1].End);
        Assert.Equal(!config.TieWordEmbeddings, header.RootElement.TryGetProperty("lm_head.weight", out _));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ConfigIsSpelledAsTransformers4AndKeepsTheSourceFields(string name)
    {
        string output = Path.Combine(_dir, name);
        HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder(name), OutputDirectory = output });
        var json = ReadJson(output, "config.json");
        var source = ReadJson(HfReference.Folder(name), "config.json");

        Assert.False(json.TryGetProperty("rope_parameters", out _));
        Assert.False(json.TryGetProperty("dtype", out _));
        Assert.Equal(source.GetProperty("rope_parameters").GetProperty("rope_theta").GetDouble(), json.GetProperty("rope_theta").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("rope_scaling").ValueKind);
        Assert.Equal("float32", json.GetProperty("torch_dtype").GetString());
        Assert.StartsWith("4.", json.GetProperty("transformers_version").GetString());
        Assert.Equal(source.GetProperty("initializer_range").GetDouble(), json.GetProperty("initializer_range").GetDouble());
        Assert.Equal(source.GetProperty("model_type").GetString(), json.GetProperty("model_type").GetString());

        var before = LlamaConfigJson.Load(HfReference.Folder(name));
        var after = LlamaConfigJson.Load(output);
        Assert.Equal(before with { EosTokenIds = [] }, after with { EosTokenIds = [] });
        Assert.Equal(before.EosTokenIds, after.EosTokenIds);
    }

    [Fact]
    public void LlamaRopeScalingIsWrittenAsTransformers4RopeScaling()
    {
        var config = LlamaConfigJson.Load(HfReference.Folder("tiny-llama")) with
        {
            RopeScaling = new RopeScaling("llama3", Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 128),
        };
        using var doc = JsonDocument.Parse(LlamaConfigJson.ToJson(config, HfConfigSpelling.Transformers4, "bfloat16"));
        var scaling = doc.RootElement.GetProperty("rope_scaling");
        Assert.Equal("llama3", scaling.GetProperty("rope_type").GetString());
        Assert.Equal(8, scaling.GetProperty("factor").GetDouble());
        Assert.Equal(128, scaling.GetProperty("original_max_position_embeddings").GetInt32());
        Assert.Equal(config.RopeScaling, LlamaConfigJson.Parse(doc.RootElement.GetRawText(), "t4").RopeScaling);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TokenizerFilesCarryTheChatTemplateAndSpecialTokensForTransformers4(string name)
    {
        string source = HfReference.Folder(name);
        string output = Path.Combine(_dir, name);
        var result = HfModelExporter.Export(new HfExportOptions { ModelDirectory = source, OutputDirectory = output });
        foreach (string file in new[] { "config.json", "model.safetensors", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json" })
            Assert.Contains(file, result.Files);

        var tokenizerConfig = ReadJson(output, "tokenizer_config.json");
        Assert.Equal(File.ReadAllText(Path.Combine(source, "chat_template.jinja")), tokenizerConfig.GetProperty("chat_template").GetString());
        Assert.Equal("PreTrainedTokenizerFast", tokenizerConfig.GetProperty("tokenizer_class").GetString());
        Assert.False(tokenizerConfig.TryGetProperty("backend", out _));
        Assert.Equal("<|endoftext|>", ReadJson(output, "special_tokens_map.json").GetProperty("eos_token").GetString());
        Assert.Equal(0, ReadJson(output, "generation_config.json").GetProperty("eos_token_id").GetInt32());

        // Without chat_template.jinja (transformers 4 before 4.50 does not read it) the template still renders the same.
        File.Delete(Path.Combine(output, "chat_template.jinja"));
        TemplateMessage[] messages = [new("system", "Be brief."), new("user", "Hello")];
        Assert.Equal(ChatTemplate.FromModelDirectory(source).Render(messages, addGenerationPrompt: true), ChatTemplate.FromModelDirectory(output).Render(messages, addGenerationPrompt: true));
        Assert.Equal(BpeTokenizer.Load(source).Encode("The State of the Union <|im_end|>"), BpeTokenizer.Load(output).Encode("The State of the Union <|im_end|>"));
    }

    [Fact]
    public void WeightsAboveTheShardSizeAreSplitWithAnIndexThatReloads()
    {
        string output = Path.Combine(_dir, "sharded");
        var result = HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder("tiny-qwen2"), OutputDirectory = output, MaxShardBytes = 150_000 });

        Assert.True(result.ShardCount > 2, $"{result.ShardCount} shards");
        Assert.False(File.Exists(Path.Combine(output, "model.safetensors")));
        var index = ReadJson(output, "model.safetensors.index.json");
        Assert.Equal(result.WeightBytes, index.GetProperty("metadata").GetProperty("total_size").GetInt64());
        var shards = index.GetProperty("weight_map").EnumerateObject().Select(p => p.Value.GetString()!).Distinct().Order().ToArray();
        Assert.Equal(Enumerable.Range(1, result.ShardCount).Select(i => $"model-{i:D5}-of-{result.ShardCount:D5}.safetensors"), shards);
        AssertLogitsMatch(output, Path.Combine(HfReference.Folder("tiny-qwen2"), "ref_logits.safetensors"), "logits");
    }

    [Fact]
    public void MissingTokenizerIsNamedAndNothingIsWritten()
    {
        string source = CopyFixture("tiny-llama", "no-tokenizer");
        File.Delete(Path.Combine(source, "tokenizer.json"));
        string output = Path.Combine(_dir, "out");
        var e = Assert.Throws<WrenException>(() => HfModelExporter.Export(new HfExportOptions { ModelDirectory = source, OutputDirectory = output }));
        Assert.Contains("tokenizer.json", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void WeightsThatDoNotFitTheConfigAreRefusedBeforeWriting()
    {
        string source = CopyFixture("tiny-llama", "wrong-config");
        string configPath = Path.Combine(source, "config.json");
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"intermediate_size\": 176", "\"intermediate_size\": 160", StringComparison.Ordinal));
        string output = Path.Combine(_dir, "out");
        var e = Assert.Throws<WrenException>(() => HfModelExporter.Export(new HfExportOptions { ModelDirectory = source, OutputDirectory = output }));
        Assert.Contains("mlp.gate_proj.weight", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AFolderThatIsNotAModelIsNeverReplaced()
    {
        string output = Path.Combine(_dir, "documents");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "keep me");
        var e = Assert.Throws<WrenException>(() => HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder("tiny-llama"), OutputDirectory = output }));
        Assert.Contains("not a model folder", e.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(output, "notes.txt")));

        // An earlier export is replaced whole: no file of the old one survives.
        string previous = Path.Combine(_dir, "previous");
        HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder("tiny-llama"), OutputDirectory = previous, MaxShardBytes = 100_000 });
        HfModelExporter.Export(new HfExportOptions { ModelDirectory = HfReference.Folder("tiny-llama"), OutputDirectory = previous });
        Assert.False(File.Exists(Path.Combine(previous, "model.safetensors.index.json")));
        Assert.True(File.Exists(Path.Combine(previous, "model.safetensors")));
    }

    [Theory]
    [InlineData("f32", SafetensorsDType.F32)]
    [InlineData("BF16", SafetensorsDType.BF16)]
    [InlineData("float16", SafetensorsDType.F16)]
    public void DTypeNamesParse(string text, SafetensorsDType expected) => Assert.Equal(expected, HfModelExporter.ParseDType(text));

    [Fact]
    public void UnknownDTypeNameIsAUserError() => Assert.Throws<WrenException>(() => HfModelExporter.ParseDType("q8_0"));

    private string CopyFixture(string name, string copy)
    {
        string destination = Path.Combine(_dir, copy);
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(HfReference.Folder(name)))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        return destination;
    }

    internal static void AssertLogitsMatch(string modelFolder, string referencePath, string logitsName)
    {
        using var reference = SafetensorsFile.Open(referencePath);
        int[] ids = reference.ReadAsInt64("input_ids").Select(x => (int)x).ToArray();
        float[] expected = reference.ReadAsSingle(logitsName);
        using var model = LlamaModel.Load(modelFolder);
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 2 });
        var logits = new float[expected.Length];
        session.Prefill(ids, logits);
        for (int i = 0; i < expected.Length; i++)
        {
            float diff = Math.Abs(expected[i] - logits[i]);
            Assert.True(diff <= Tolerance || diff <= Tolerance * Math.Abs(expected[i]), $"{modelFolder}: logit {i}: {logits[i]} vs reference {expected[i]}");
        }
    }

    private static JsonElement ReadJson(string folder, string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, file)));
        return doc.RootElement.Clone();
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
