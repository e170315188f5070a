using Wren.Export.HuggingFace;
using Wren.Runtime;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models;
using Wren.Runtime.Tests;

namespace Wren.Export.Tests.HuggingFace;

/// <summary>Checkpoints from PyTorch come back as Wren model folders with their logits, or with an error naming what is wrong.</summary>
public sealed class HfCheckpointImporterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-hf-import-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void TorchsShardedBf16CheckpointImportsWithTheLogitsOfItsWeights()
    {
        string output = Path.Combine(_dir, "imported");
        var result = HfCheckpointImporter.Import(new HfImportOptions { CheckpointDirectory = HfReference.Folder("tiny-llama-bf16-sharded"), OutputDirectory = output });

        Assert.Equal(["BF16"], result.SourceDTypes);
        Assert.Equal(2, result.SourceFiles);
        Assert.Equal(1, result.Written.ShardCount);
        Assert.Equal(SafetensorsDType.F32, result.Written.DType);
        HfModelExporterTests.AssertLogitsMatch(output, Path.Combine(HfReference.Folder("tiny-llama-bf16-sharded"), "ref_logits_bf16_weights.safetensors"), "logits_f32_compute");
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void ShardedBf16CopyMadeHereImportsToTheSameModel(string name)
    {
        // What train.py's save_pretrained writes: BF16, several shards with an index, under checkpoint-N folders.
        string runOut = Path.Combine(_dir, "checkpoints");
        foreach (int step in new[] { 900, 1000 })
        {
            HfModelExporter.Export(new HfExportOptions
            {
                ModelDirectory = HfReference.Folder(name),
                OutputDirectory = Path.Combine(runOut, $"checkpoint-{step}"),
                DType = SafetensorsDType.BF16,
                MaxShardBytes = 60_000,
            });
        }

        string output = Path.Combine(_dir, "imported");
        var result = HfCheckpointImporter.Import(new HfImportOptions { CheckpointDirectory = runOut, OutputDirectory = output });

        Assert.Equal(Path.Combine(runOut, "checkpoint-1000"), result.SourceDirectory);
        Assert.True(result.SourceFiles > 2, $"{result.SourceFiles} shards");
        using var bf16 = LlamaModel.Load(result.SourceDirectory);
        using var imported = LlamaModel.Load(output);
        var prompt = HfReference.Prompts(name)[0];
        using var a = bf16.CreateSession(new InferenceSessionOptions { Threads = 1 });
        using var b = imported.CreateSession(new InferenceSessionOptions { Threads = 1 });
        var expected = a.Prefill(prompt.Ids).ToArray();
        var actual = b.Prefill(prompt.Ids).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f + 1e-4f * Math.Abs(expected[i]), $"logit {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void NumericOrderPicksTheNewestCheckpointAndFinalWins()
    {
        string root = Path.Combine(_dir, "out");
        foreach (string folder in new[] { "checkpoint-9", "checkpoint-10" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
            File.WriteAllText(Path.Combine(root, folder, "config.json"), "{}");
        }

        Assert.Equal(Path.Combine(root, "checkpoint-10"), HfCheckpointImporter.ResolveCheckpoint(root));
        Directory.CreateDirectory(Path.Combine(root, "final"));
        File.WriteAllText(Path.Combine(root, "final", "config.json"), "{}");
        Assert.Equal(Path.Combine(root, "final"), HfCheckpointImporter.ResolveCheckpoint(root));
    }

    [Fact]
    public void EveryMissingAndUnexpectedTensorIsNamed()
    {
        string source = CopyFixture("tiny-llama", "partial");
        var writer = new SafetensorsWriter();
        using (var file = SafetensorsFile.Open(Path.Combine(HfReference.Folder("tiny-llama"), "model.safetensors")))
        {
            foreach (var info in file.Tensors.Values)
            {
                if (info.Name is "model.layers.1.mlp.up_proj.weight" or "model.norm.weight") continue;
                writer.Add(info.Name == "model.layers.0.self_attn.q_proj.weight" ? "model.layers.0.attn.q.weight" : info.Name, info.DType, info.Shape, file.GetBytes(info).ToArray());
            }
        }

        writer.Save(Path.Combine(source, "model.safetensors"), new Dictionary<string, string> { ["format"] = "pt" });
        string output = Path.Combine(_dir, "out");
        var e = Assert.Throws<WrenException>(() => HfCheckpointImporter.Import(new HfImportOptions { CheckpointDirectory = source, OutputDirectory = output }));
        Assert.Contains("3 tensor(s) missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("model.layers.1.mlp.up_proj.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("model.norm.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("model.layers.0.self_attn.q_proj.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 tensor(s) not part of LlamaForCausalLM with 2 layers: model.layers.0.attn.q.weight", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void PickleWeightsMissingTokenizerAndForeignArchitecturesAreExplained()
    {
        string pickle = CopyFixture("tiny-llama", "pickle");
        File.Move(Path.Combine(pickle, "model.safetensors"), Path.Combine(pickle, "pytorch_model.bin"));
        var e = Assert.Throws<WrenException>(() => Import(pickle));
        Assert.Contains("pytorch_model.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("safe_serialization=True", e.Message, StringComparison.Ordinal);

        string noTokenizer = CopyFixture("tiny-qwen2", "no-tokenizer");
        File.Delete(Path.Combine(noTokenizer, "tokenizer.json"));
        e = Assert.Throws<WrenException>(() => Import(noTokenizer));
        Assert.Contains("tokenizer.json is missing", e.Message, StringComparison.Ordinal);

        string gpt2 = CopyFixture("tiny-llama", "gpt2");
        File.WriteAllText(Path.Combine(gpt2, "config.json"), """{"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 64}""");
        e = Assert.Throws<WrenException>(() => Import(gpt2));
        Assert.Contains("GPT2LMHeadModel", e.Message, StringComparison.Ordinal);

        string noConfig = CopyFixture("tiny-llama", "no-config");
        File.Delete(Path.Combine(noConfig, "config.json"));
        e = Assert.Throws<WrenException>(() => Import(noConfig));
        Assert.Contains("config.json is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADivergedCheckpointWithNaNWeightsIsRefusedAndNothingIsWritten()
    {
        string source = CopyFixture("tiny-llama", "diverged");
        var writer = new SafetensorsWriter();
        using (var file = SafetensorsFile.Open(Path.Combine(HfReference.Folder("tiny-llama"), "model.safetensors")))
        {
            foreach (var info in file.Tensors.Values)
            {
                float[] values = file.ReadAsSingle(info.Name);
                if (info.Name == "model.layers.0.mlp.down_proj.weight") values[5] = float.NaN;
                writer.Add(info.Name, values, info.Shape);
            }
        }

        writer.Save(Path.Combine(source, "model.safetensors"), new Dictionary<string, string> { ["format"] = "pt" });
        string output = Path.Combine(_dir, "out");
        var e = Assert.Throws<WrenException>(() => HfCheckpointImporter.Import(new HfImportOptions { CheckpointDirectory = source, OutputDirectory = output }));
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private HfImportResult Import(string source) =>
        HfCheckpointImporter.Import(new HfImportOptions { CheckpointDirectory = source, OutputDirectory = Path.Combine(_dir, "out-" + Path.GetFileName(source)) });

    private string CopyFixture(string name, string copy)
    {
        string destination = Path.Combine(_dir, copy);
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(HfReference.Folder(name)))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        return destination;
    }
}
