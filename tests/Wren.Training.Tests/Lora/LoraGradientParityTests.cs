using System.Text.Json;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Training.Lora;
using Wren.Training.Model;
using Xunit.Abstractions;

namespace Wren.Training.Tests.Lora;

/// <summary>LoRA forward and backward against PEFT 0.21 on the tiny-llama adapter fixture.</summary>
public sealed class LoraGradientParityTests(ITestOutputHelper output)
{
    [Fact]
    public void LossAndEveryAdapterGradientMatchPeftAndBaseWeightsGetNoGradient()
    {
        var config = LlamaConfigJson.Load(Fixtures.Folder("tiny-llama"));
        var batch = Fixtures.GradBatch("tiny-llama");
        var settings = new LoraSettings { Rank = 8, Alpha = 16, Targets = ["o_proj", "q_proj", "gate_proj", "v_proj", "down_proj"] };
        var model = new LlamaTrainingModel(config, batch.Batch, batch.Time, new WorkerPool(2), settings);
        using (var checkpoint = SafetensorsCheckpoint.Open(Fixtures.Folder("tiny-llama"))) model.LoadFrom(checkpoint);
        using (var adapter = SafetensorsFile.Open(Fixtures.File("tiny-llama-lora", "adapter_model.safetensors"))) model.LoadAdapters(adapter);

        model.Adapters!.ZeroGradients();
        model.Parameters.ZeroGradients();
        float loss = model.ComputeGradients(batch.Inputs, batch.Targets);

        using var json = JsonDocument.Parse(File.ReadAllText(Fixtures.File("tiny-llama-lora", "ref_lora.json")));
        float expectedLoss = json.RootElement.GetProperty("loss_with_lora_on_ref_grads_batch").GetSingle();
        output.WriteLine($"loss {loss:R} vs PEFT {expectedLoss:R}");
        Assert.InRange(Math.Abs(loss - expectedLoss), 0, 1e-5 * expectedLoss);

        using var reference = SafetensorsFile.Open(Fixtures.File("tiny-llama-lora", "ref_lora_grads.safetensors"));
        Assert.Equal(reference.Tensors.Count, model.Adapters.Tensors.Count);
        double worst = 0;
        foreach (var t in model.Adapters.Tensors)
        {
            string peftName = t.Name.Replace(".lora_A.weight", ".lora_A.default.weight").Replace(".lora_B.weight", ".lora_B.default.weight");
            double error = Fixtures.RelativeToNorm(model.Adapters.Gradient(t.Name).Span, reference.ReadAsSingle(peftName));
            worst = Math.Max(worst, error);
            Assert.True(error < 1e-4, $"{t.Name}: gradient differs by {error:E2} of its norm");
        }

        output.WriteLine($"worst adapter gradient error {worst:E2}");
        Assert.All(model.Parameters.Gradients.Span.ToArray(), g => Assert.Equal(0f, g));
    }
}
