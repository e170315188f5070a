using System.Text.Json;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Training.Lora;
using Wren.Training.Model;
using Wren.Training.Tests.Trainer;

namespace Wren.Training.Tests.Lora;

public sealed class PeftAdapterTests
{
    [Fact]
    public void MergingThePeftFixtureGivesTheLossPeftComputedWithTheAdapter()
    {
        string output = TestShards.TempFolder();
        PeftAdapter.Merge(Fixtures.Folder("tiny-llama"), Fixtures.Folder("tiny-llama-lora"), output);

        var batch = Fixtures.GradBatch("tiny-llama");
        var model = new LlamaTrainingModel(LlamaConfigJson.Load(output), batch.Batch, batch.Time, new WorkerPool(2));
        using (var checkpoint = SafetensorsCheckpoint.Open(output)) model.LoadFrom(checkpoint);
        float loss = model.ComputeLoss(batch.Inputs, batch.Targets);

        using var json = JsonDocument.Parse(File.ReadAllText(Fixtures.File("tiny-llama-lora", "ref_lora.json")));
        float expected = json.RootElement.GetProperty("loss_with_lora_on_ref_grads_batch").GetSingle();
        Assert.InRange(Math.Abs(loss - expected), 0, 1e-4);
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")));
    }

    [Fact]
    public void SavedAdaptersUsePeftNamesAndLoadBack()
    {
        var config = LlamaConfigJson.Load(Fixtures.Folder("tiny-llama"));
        var settings = new LoraSettings { Rank = 4, Alpha = 8, Targets = ["q_proj", "v_proj"] };
        var model = new LlamaTrainingModel(config, 1, 8, new WorkerPool(1), settings);
        model.InitializeAdapters(3);
        model.Adapters!.Values.Span[^1] = 0.5f; // B is zero after init: make the round trip see a value
        string folder = TestShards.TempFolder();
        PeftAdapter.Save(model, folder, "tiny-llama");

        using (var file = SafetensorsFile.Open(Path.Combine(folder, PeftAdapter.WeightsFileName)))
        {
            Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", file.Tensors.Keys);
            Assert.Equal(new long[] { 32, 4 }, file.GetInfo("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight").Shape);
            Assert.Equal(2 * 2 * 2, file.Tensors.Count);
            var other = new LlamaTrainingModel(config, 1, 8, new WorkerPool(1), PeftAdapter.ReadSettings(folder));
            other.LoadAdapters(file);
            Assert.True(other.Adapters!.Values.Span.SequenceEqual(model.Adapters.Values.Span));
        }

        var read = PeftAdapter.ReadSettings(folder);
        Assert.Equal(4, read.Rank);
        Assert.Equal(2.0f, read.Scaling);
    }
}
