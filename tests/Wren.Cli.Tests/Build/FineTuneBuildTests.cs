using System.Text.Json;
using Wren.Pipeline.Build;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Formats.Safetensors;

namespace Wren.Cli.Tests.Build;

/// <summary><c>wren build</c> with <c>model.base_model</c>: LoRA fine-tuning on chat JSONL, merged, evaluated, exported and sampled.</summary>
public sealed class FineTuneBuildTests(FineTuneBuildFixture build) : IClassFixture<FineTuneBuildFixture>
{
    [Fact]
    public void EveryStageRanTheAdapterWasTrainedAndMergedIntoAFullModel()
    {
        Assert.Equal(0, build.ExitCode);
        var state = Assert.IsType<BuildState>(build.FirstRun);
        Assert.Equal(BuildStages.Names, state.Stages.Select(s => s.Name));
        foreach (var stage in state.Stages)
        {
            Assert.Equal(StageStatus.Done, stage.Status);
            foreach (string output in stage.Outputs)
            {
                string path = Path.Combine(build.Output, output);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{stage.Name}: {output} is missing");
            }
        }
        // The base model's tokenizer is used as is, not a newly trained one.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(FineTuneBuildFixture.BaseModel, "tokenizer.json")),
            File.ReadAllBytes(Path.Combine(build.Output, "tokenizer", "tokenizer.json")));

        string adapter = Path.Combine(build.Output, "train", "finetune", "model");
        Assert.True(File.Exists(Path.Combine(adapter, "adapter_config.json")));
        Assert.True(File.Exists(Path.Combine(adapter, "adapter_model.safetensors")));
        string merged = Path.Combine(build.Output, "train", "model");
        Assert.True(File.Exists(Path.Combine(merged, "config.json")));
        Assert.True(File.Exists(Path.Combine(merged, "tokenizer.json")));
        Assert.True(File.Exists(Path.Combine(build.Output, "train", "loss.png")));

        // The merge folded the trained adapter into the targeted projections only.
        using var baseWeights = SafetensorsFile.Open(Path.Combine(FineTuneBuildFixture.BaseModel, "model.safetensors"));
        using var mergedWeights = SafetensorsFile.Open(Path.Combine(merged, "model.safetensors"));
        Assert.NotEqual(baseWeights.ReadAsSingle("model.layers.0.self_attn.q_proj.weight"), mergedWeights.ReadAsSingle("model.layers.0.self_attn.q_proj.weight"));
        Assert.NotEqual(baseWeights.ReadAsSingle("model.layers.1.mlp.down_proj.weight"), mergedWeights.ReadAsSingle("model.layers.1.mlp.down_proj.weight"));
        Assert.Equal(baseWeights.ReadAsSingle("model.layers.0.self_attn.k_proj.weight"), mergedWeights.ReadAsSingle("model.layers.0.self_attn.k_proj.weight"));

        var train = state.Get(BuildStages.Train).Metrics;
        Assert.Equal(6, train["steps"]);
        Assert.Equal(6, train["conversations"]);
        Assert.Equal(1024, train["vocabulary"]);
        Assert.True(train["final_train_loss"] is > 0 and < 20);
        Assert.True(state.Get(BuildStages.Eval).Metrics["ppl:heldout.jsonl/bits_per_byte"] > 0);
    }

    [Fact]
    public void TheGenerateAndExtractTasksWereTrainedAndMeasuredBesideTheBaseModelWithEveryExtractAnswerValid()
    {
        Assert.Equal(0, build.ExitCode);
        var tasks = Assert.IsType<BuildState>(build.FirstRun).Get(BuildStages.Tasks).Metrics;
        Assert.Equal(1.0, tasks["ticket-fields/validity"]);
        Assert.Equal(1.0, tasks["ticket-fields/base_zero-shot_validity"]);
        Assert.InRange(tasks["ticket-fields/field_f1"], 0, 1);
        Assert.True(tasks.ContainsKey("ticket-fields/majority_field_f1"));
        Assert.True(tasks.ContainsKey("ticket-fields/retrieval_field_f1"));
        Assert.InRange(tasks["replies/rouge_lsum"], 0, 1);
        Assert.True(tasks.ContainsKey("replies/base_zero-shot_rouge_lsum"));
        Assert.True(tasks.ContainsKey("replies/retrieval_chrf"));
        foreach (string task in new[] { "replies", "ticket-fields" })
        {
            Assert.True(File.Exists(Path.Combine(build.Output, "tasks", task, "run", "model", "model.safetensors")), task);
            using var eval = JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Output, "tasks", task, "eval", "eval.json")));
            Assert.Contains(eval.RootElement.GetProperty("systems").EnumerateArray(), s => s.GetProperty("task_model").GetBoolean());
        }
    }

    [Fact]
    public void TheGgufOfTheMergedModelLoadsInLlamaCppAndGeneratesTokens()
    {
        string gguf = Path.Combine(build.Output, "export", "model-q8_0.gguf");
        using (var reader = GgufReader.Open(gguf))
        {
            Assert.Equal("llama", reader.Get("general.architecture").AsString());
        }
        var (vocabulary, generated) = LlamaCppGreedy.Generate(gguf, "Fellow citizens of the Senate", 8);
        Assert.Equal(1024, vocabulary);
        Assert.Equal(8, generated.Length);
        Assert.All(generated, id => Assert.InRange(id, 0, vocabulary - 1));
    }

    [Fact]
    public void TheSampleStageKeptAGenerationOfTheFineTunedModel()
    {
        using var generations = JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Output, "sample", "generations.json")));
        var first = generations.RootElement[0];
        Assert.Equal("Fellow citizens of the Senate", first.GetProperty("prompt").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("text").GetString()));
        Assert.True(first.GetProperty("tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task ASecondRunSkipsEveryStageAndNewChatDataRetrainsWithoutRedoingTheTokenizer()
    {
        Assert.Equal(0, await WrenCli.Run(["build", build.Source, "--out", build.Output, "--recipe", build.RecipePath, "--threads", "2"]));
        var again = build.State;
        Assert.All(again.Stages, s => Assert.Equal(StageStatus.Skipped, s.Status));

        File.AppendAllText(build.ChatPath, "{\"prompt\": \"Who approves new hires?\", \"completion\": \"The department head approves every new hire.\"}\n");
        Assert.Equal(0, await WrenCli.Run(["build", build.Source, "--out", build.Output, "--recipe", build.RecipePath, "--threads", "2"]));
        var edited = build.State;
        foreach (string stage in new[] { BuildStages.Ingest, BuildStages.Curate, BuildStages.Tokenizer, BuildStages.Tokens })
        {
            Assert.Equal(StageStatus.Skipped, edited.Get(stage).Status);
        }
        Assert.Equal(StageStatus.Done, edited.Get(BuildStages.Train).Status);
        Assert.Equal(7, edited.Get(BuildStages.Train).Metrics["conversations"]);
    }

    [Fact]
    public async Task FullFineTuningTrainsEveryWeightAndTheBuildExportsIt()
    {
        string root = Path.Combine(Path.GetTempPath(), "wren-buildft-full-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "chat.jsonl"), FineTuneBuildFixture.Chat + "\n");
            string recipe = Path.Combine(root, "wren.yaml");
            File.WriteAllText(recipe, FineTuneBuildFixture.Recipe("chat.jsonl").Replace("method: lora", "method: full", StringComparison.Ordinal)
                .Replace("learning_rate: 0.01", "learning_rate: 0.001", StringComparison.Ordinal));
            string output = Path.Combine(root, "out");
            Assert.Equal(0, await WrenCli.Run(["build", build.Source, "--out", output, "--recipe", recipe, "--threads", "2"]));

            var train = (BuildState.TryRead(output) ?? throw new InvalidOperationException("no build.json")).Get(BuildStages.Train);
            Assert.Equal(StageStatus.Done, train.Status);
            Assert.False(train.Metrics.ContainsKey("lora_rank"));
            Assert.False(File.Exists(Path.Combine(output, "train", "finetune", "model", "adapter_config.json")));
            using var baseWeights = SafetensorsFile.Open(Path.Combine(FineTuneBuildFixture.BaseModel, "model.safetensors"));
            using var trained = SafetensorsFile.Open(Path.Combine(output, "train", "model", "model.safetensors"));
            // Not a LoRA target, so only full fine-tuning changes it.
            Assert.NotEqual(baseWeights.ReadAsSingle("model.layers.0.self_attn.k_proj.weight"), trained.ReadAsSingle("model.layers.0.self_attn.k_proj.weight"));
            Assert.True(File.Exists(Path.Combine(output, "export", "model-q8_0.gguf")));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
