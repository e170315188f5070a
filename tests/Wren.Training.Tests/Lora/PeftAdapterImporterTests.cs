using System.Text.Json.Nodes;
using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models;
using Wren.Runtime.Threading;
using Wren.Training.Lora;
using Wren.Training.Model;

namespace Wren.Training.Tests.Lora;

public sealed class PeftAdapterImporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-adapter-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A PEFT adapter folder written by Wren with random A and B (B is zero after init; here it is not, so the adapter changes the model).</summary>
    private string WrenAdapter(LoraSettings settings)
    {
        var config = LlamaConfigJson.Load(Fixtures.Folder("tiny-llama"));
        var model = new LlamaTrainingModel(config, 1, 8, new WorkerPool(1), settings);
        model.InitializeAdapters(3);
        var values = model.Adapters!.Values.Span;
        var random = new Random(5);
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        string folder = Path.Combine(_dir, "adapter");
        PeftAdapter.Save(model, folder, Fixtures.Folder("tiny-llama"));
        return folder;
    }

    [Fact]
    public void AWrenWrittenAdapterImportsAndTheMergedModelComputesTheAdaptersLoss()
    {
        string adapter = WrenAdapter(new LoraSettings { Rank = 4, Alpha = 8, Targets = ["q_proj", "v_proj", "down_proj"] });
        string output = Path.Combine(_dir, "model");

        var result = PeftAdapterImporter.Import(adapter, Fixtures.Folder("tiny-llama"), output);

        Assert.Equal(2 * 3 * 2, result.Tensors); // 2 layers x 3 projections x (A, B)
        Assert.Equal(["F32"], result.DTypes);
        Assert.InRange(Math.Abs(result.AdapterLoss - result.MergedLoss), 0, 1e-4);
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")));
        Assert.True(File.Exists(Path.Combine(output, "adapter", "adapter_config.json")));
        // The adapter changed the model: the merged weights differ from the base.
        using var merged = SafetensorsFile.Open(Path.Combine(output, "model.safetensors"));
        using var base_ = SafetensorsFile.Open(Path.Combine(Fixtures.Folder("tiny-llama"), "model.safetensors"));
        const string q = "model.layers.0.self_attn.q_proj.weight";
        Assert.NotEqual(base_.ReadAsSingle(q), merged.ReadAsSingle(q));
    }

    [Fact]
    public void ThePeftFixtureAdapterImports()
    {
        var result = PeftAdapterImporter.Import(Fixtures.Folder("tiny-llama-lora"), Fixtures.Folder("tiny-llama"), Path.Combine(_dir, "model"));
        Assert.InRange(Math.Abs(result.AdapterLoss - result.MergedLoss), 0, 1e-4);
    }

    [Fact]
    public void ThePeftFixtureAdapterImportedGivesPeftsMergedLogits()
    {
        // PEFT's merge_and_unload logits for the fixture's first prompt are the reference: the folder wren import
        // writes must compute them when loaded as an ordinary model, not only the adapter's loss.
        string lora = Fixtures.Folder("tiny-llama-lora");
        string output = Path.Combine(_dir, "model");
        PeftAdapterImporter.Import(lora, Fixtures.Folder("tiny-llama"), output);

        using var reference = SafetensorsFile.Open(Path.Combine(lora, "ref_lora_logits.safetensors"));
        int[] ids = reference.ReadAsInt64("input_ids").Select(x => (int)x).ToArray();
        using var model = LlamaModel.Load(output);
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 1 });
        var logits = new float[ids.Length * model.Config.VocabSize];
        session.Prefill(ids, logits);

        float[] expected = reference.ReadAsSingle("merged_logits");
        Assert.Equal(expected.Length, logits.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = MathF.Max(worst, MathF.Abs(expected[i] - logits[i]) / MathF.Max(1, MathF.Abs(expected[i])));
        Assert.InRange(worst, 0, 1e-4);
        float[] baseLogits = reference.ReadAsSingle("base_logits");
        Assert.Contains(Enumerable.Range(0, baseLogits.Length), i => MathF.Abs(baseLogits[i] - logits[i]) > 0.1f);
    }

    [Fact]
    public void AnAdapterWithATensorTheConfigDoesNotExplainIsRefused()
    {
        string adapter = WrenAdapter(new LoraSettings { Rank = 4, Alpha = 8, Targets = ["q_proj", "v_proj"] });
        // The config now claims fewer targets than the file holds (as when modules_to_save or another base is involved).
        string configPath = Path.Combine(adapter, PeftAdapter.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["target_modules"] = new JsonArray("q_proj");
        File.WriteAllText(configPath, config.ToJsonString());

        var e = Assert.Throws<WrenException>(() => PeftAdapterImporter.Import(adapter, Fixtures.Folder("tiny-llama"), Path.Combine(_dir, "model")));
        Assert.Contains("v_proj.lora_A.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAdapterOfAnotherRankThanItsConfigIsRefusedWithTheShapes()
    {
        string adapter = WrenAdapter(new LoraSettings { Rank = 4, Alpha = 8, Targets = ["q_proj"] });
        string configPath = Path.Combine(adapter, PeftAdapter.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["r"] = 8;
        File.WriteAllText(configPath, config.ToJsonString());

        var e = Assert.Throws<WrenException>(() => PeftAdapterImporter.Import(adapter, Fixtures.Folder("tiny-llama"), Path.Combine(_dir, "model")));
        Assert.Contains("r=8", e.Message, StringComparison.Ordinal);
    }
}
