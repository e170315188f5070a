using System.Text.Json;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Runtime.Tokenization;
using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Training.Tests.Trainer;

public sealed class TrainingSamplerTests
{
    [Fact]
    public void ASampleFromTheTrainersWeightsIsTransformersGreedyContinuationAndFollowsWeightChanges()
    {
        string folder = Fixtures.Folder("tiny-llama");
        using var reference = JsonDocument.Parse(File.ReadAllText(Fixtures.File("tiny-llama", "ref_outputs.json")));
        var prompt = reference.RootElement.GetProperty("prompts")[1];
        int[] ids = prompt.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        string expected = prompt.GetProperty("greedy_text").GetString()!;

        using var pool = new WorkerPool(2);
        var model = new LlamaTrainingModel(LlamaConfigJson.Load(folder), 1, 16, pool);
        using (var checkpoint = SafetensorsCheckpoint.Open(folder)) model.LoadFrom(checkpoint);
        string run = TestShards.TempFolder();
        var sampler = new TrainingSampler(model, BpeTokenizer.Load(folder), prompt.GetProperty("text").GetString()!, ids, run) { MaxTokens = 24 };

        var first = sampler.Sample(10);
        Assert.Equal(expected, first.Text);
        Assert.Equal(24, first.Tokens);

        // The sampler reads the live weights: change them and the next sample changes, with no checkpoint written.
        model.Parameters.Value("model.layers.1.mlp.down_proj.weight").Span.Fill(0.05f);
        var second = sampler.Sample(20);
        Assert.NotEqual(first.Text, second.Text);
        Assert.False(Directory.Exists(Path.Combine(run, "checkpoints")));

        var lines = File.ReadAllLines(Path.Combine(run, TrainingSampler.FileName));
        Assert.Equal(2, lines.Length);
        using var line = JsonDocument.Parse(lines[0]);
        Assert.Equal(10, line.RootElement.GetProperty("step").GetInt64());
        Assert.Equal("The", line.RootElement.GetProperty("prompt").GetString());
        Assert.Equal(expected, line.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void ASampleIsDueOnEachMultipleOfTheIntervalAndAtTheLastStepOnly()
    {
        static StepReport At(long step, long total) => new(step, total, 1, 1e-3, 1, 100, 0, TimeSpan.Zero, TimeSpan.Zero, null);

        Assert.Equal([10L, 20L, 25L], Enumerable.Range(1, 25).Select(s => (long)s).Where(s => TrainingSampler.IsDue(At(s, 25), 10)));
        Assert.False(TrainingSampler.IsDue(At(25, 25), 0));
    }
}
