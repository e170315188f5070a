using System.Text.Json;
using Wren.Eval.Scoring;
using Wren.Runtime.Generation;
using Wren.Runtime.Models;
using Wren.Templates;
using Wren.Training.FineTuning;
using Wren.Training.Lora;
using Wren.Training.Trainer;

namespace Wren.Eval.Tests.Scoring;

public sealed class FineTunedLoglikelihoodTests
{
    [Fact]
    public void AKnownAnswerGetsAHigherLoglikelihoodAfterATinyFineTuneOnIt()
    {
        const string Question = "Which city is the capital of Wrenland?";
        const string Answer = "The capital is Featherton.";
        const string Distractor = "The capital is Washington.";
        string folder = Path.Combine(Path.GetTempPath(), "wren-eval-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string data = Path.Combine(folder, "qa.jsonl");
        File.WriteAllLines(data, Enumerable.Repeat(JsonSerializer.Serialize(new { prompt = Question, completion = Answer }), 16));

        // The question as the model is prompted with it: its own chat template with the generation prompt.
        var template = ChatTemplate.FromModelDirectory(TinyLlama.Folder);
        string context = template.Render([new TemplateMessage("user", Question)], addGenerationPrompt: true);
        LoglikelihoodResult[] before;
        using (var scorer = new ModelScorer(TinyLlama.Model, TinyLlama.Tokenizer, new ScorerOptions { Workers = 1, ThreadsPerWorker = 2 }))
            before = scorer.Loglikelihoods(context, [Answer, Distractor]);

        var summary = FineTuner.Run(new FineTuneOptions
        {
            BaseModel = TinyLlama.Folder,
            DataPath = data,
            Lora = new LoraSettings { Rank = 8, Alpha = 16, Targets = ["q_proj", "v_proj", "o_proj", "gate_proj", "down_proj"] },
            Batch = 2,
            SequenceLength = 64,
            Threads = 2,
            Trainer = new TrainerOptions { OutputFolder = Path.Combine(folder, "run"), Steps = 30, LearningRate = 1e-2, WarmupSteps = 2, CheckpointEvery = 0 },
        });

        using var tuned = LlamaModel.Load(TinyLlama.Folder, new LlamaModelOptions { LoraAdapterPath = summary.Training.ModelFolder });
        LoglikelihoodResult[] after;
        using (var scorer = new ModelScorer(tuned, TinyLlama.Tokenizer, new ScorerOptions { Workers = 1, ThreadsPerWorker = 2 }))
            after = scorer.Loglikelihoods(context, [Answer, Distractor]);

        // The taught answer gains a lot (nats over its tokens), and now beats the distractor by a margin.
        Assert.True(after[0].LogLikelihood > before[0].LogLikelihood + 5, $"{before[0].LogLikelihood} -> {after[0].LogLikelihood}");
        Assert.True(after[0].LogLikelihood > after[1].LogLikelihood + 2, $"answer {after[0].LogLikelihood}, distractor {after[1].LogLikelihood}");
        Assert.True(after[0].LogLikelihood > 3 * before[0].LogLikelihood / 10, $"{before[0].LogLikelihood} -> {after[0].LogLikelihood}");
    }
}
