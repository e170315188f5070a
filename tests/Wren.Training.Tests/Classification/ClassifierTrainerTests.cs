using Wren.Runtime.Classification;
using Wren.Training.Classification;
using Wren.Training.Lora;

namespace Wren.Training.Tests.Classification;

public sealed class ClassifierTrainerTests
{
    private static readonly string[] Pets = ["cat", "dog", "kitten", "puppy", "parrot", "hamster"];
    private static readonly string[] Markets = ["stock", "bond", "shares", "index", "dividend", "futures"];

    /// <summary>Sentences about pets or about markets, words drawn at random: a task any classifier can learn quickly.</summary>
    private static List<LabeledText> Examples(int count, int seed)
    {
        var random = new Random(seed);
        var list = new List<LabeledText>();
        for (int i = 0; i < count; i++)
        {
            bool pets = i % 3 != 0;
            var words = pets ? Pets : Markets;
            string text = $"Note {random.Next(1000)}: the {words[random.Next(6)]} and the {words[random.Next(6)]} were in the news again, {words[random.Next(6)]} too.";
            list.Add(new LabeledText(text, pets ? "pets" : "markets"));
        }

        return list;
    }

    [Fact]
    public void AModelFromScratchLearnsAnEasyTaskAndItsRunFolderClassifies()
    {
        string run = Path.Combine(Path.GetTempPath(), "wren-task-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new ClassifierTrainerOptions
            {
                OutputFolder = run,
                TaskName = "topics",
                Time = TimeSpan.FromSeconds(20),
                Clock = TrainingClockKind.Cpu,
                VocabSize = 300,
                Hidden = 64,
                Layers = 2,
                Heads = 2,
                Intermediate = 128,
                MaxInputTokens = 48,
                TailTokens = 8,
                PretrainSequence = 32,
                PretrainShare = 0.3,
                Batch = 8,
                LearningRate = 3e-3,
                MaxEpochs = 40,
                Threads = 2,
            };
            var result = ClassifierTrainer.Train(Examples(120, 1), Examples(30, 2), ["markets", "pets"], options);
            Assert.True(result.BestValidationAccuracy >= 0.9, $"validation accuracy {result.BestValidationAccuracy}");
            Assert.True(File.Exists(Path.Combine(run, "model", "config.json")));
            Assert.True(File.Exists(Path.Combine(run, "model", "tokenizer.json")));
            Assert.True(File.Exists(Path.Combine(run, ClassifierTrainer.MetricsFileName)));
            var manifest = ClassifierManifest.Load(run);
            Assert.Equal(["markets", "pets"], manifest.Labels);
            Assert.Equal("scratch", manifest.Method);
            Assert.True(manifest.Temperature > 0);
            using var classifier = ModelTextClassifier.Load(run);
            Assert.True(classifier.SingleTokenLabels);
            var test = Examples(40, 3);
            int right = test.Count(e => classifier.Classify(e.Input).Label == e.Label);
            Assert.True(right >= 36, $"{right} of 40 right");
            var prediction = classifier.Classify(test[0].Input);
            Assert.Equal(1.0, prediction.Probabilities.Sum(), 6);
            Assert.Equal(prediction.Probabilities[prediction.LabelIndex], prediction.Confidence);
        }
        finally
        {
            if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        }
    }

    [Fact]
    public void TheDefaultScratchModelPretrainsAFewPassesThenLearnsFromTheExamples()
    {
        string run = Path.Combine(Path.GetTempPath(), "wren-task-default-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The defaults but the vocabulary (the examples hold too few words for 4,096 tokens) and a short budget.
            var options = new ClassifierTrainerOptions { OutputFolder = run, VocabSize = 300, Time = TimeSpan.FromSeconds(15), Clock = TrainingClockKind.Cpu, Threads = 2 };
            Assert.Equal(0.4, options.PretrainShare);
            Assert.Equal(352, options.IntermediateSize);
            var result = ClassifierTrainer.Train(Examples(120, 1), Examples(30, 2), ["markets", "pets"], options);
            Assert.True(result.BestValidationAccuracy >= 0.9, $"validation accuracy {result.BestValidationAccuracy}");
            var training = result.Manifest.Training;
            // 120 short examples are a few thousand tokens: pretraining stops after its 3 passes (the last step of 8 x 256
            // tokens may overshoot), long before its share of the budget is spent.
            Assert.True(training["pretrain_steps"] > 0);
            Assert.InRange(training["pretrain_epochs"], 3, 3 + 8 * 256 / training["pretrain_corpus_tokens"]);
            Assert.True(training["finetune_steps"] > 0);
            Assert.Equal(ClassifierTrainer.ScratchLearningRate, training["finetune_learning_rate"]);
            // The average of the checked weights was tried, and the kept weights are never worse on validation than it.
            Assert.True(training["averaged_checkpoints"] >= 2);
            Assert.True(result.BestValidationAccuracy >= training["averaged_validation_accuracy"]);
            using var classifier = ModelTextClassifier.Load(run);
            Assert.Equal(128 + 2, classifier.MaxPromptTokens); // <|endoftext|>, the input, <|classify|>
            var test = Examples(40, 3);
            int right = test.Count(e => classifier.Classify(e.Input).Label == e.Label);
            Assert.True(right >= 36, $"{right} of 40 right");
        }
        finally
        {
            if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        }
    }

    [Fact]
    public void ABaseModelIsFineTunedWithLoraAndTheMergedFolderScoresWordLabels()
    {
        string run = Path.Combine(Path.GetTempPath(), "wren-task-lora-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new ClassifierTrainerOptions
            {
                OutputFolder = run,
                BaseModel = Fixtures.Folder("tiny-llama"),
                Lora = new LoraSettings { Rank = 4, Alpha = 8, Targets = ["q_proj", "v_proj"] },
                Time = TimeSpan.FromSeconds(6),
                Clock = TrainingClockKind.Cpu,
                MaxInputTokens = 40,
                Batch = 4,
                MaxEpochs = 2,
                Threads = 2,
            };
            var result = ClassifierTrainer.Train(Examples(24, 4), Examples(8, 5), ["markets", "pets"], options);
            var manifest = ClassifierManifest.Load(run);
            Assert.Equal("lora", manifest.Method);
            Assert.Equal([" markets", " pets"], manifest.Prompt.Continuations);
            Assert.True(File.Exists(Path.Combine(run, "adapter", "adapter_config.json")));
            Assert.True(File.Exists(Path.Combine(run, "model", "model.safetensors")));
            using var classifier = ModelTextClassifier.Load(run);
            var prediction = classifier.Classify("the cat and the dog");
            Assert.Contains(prediction.Label, manifest.Labels);
            Assert.InRange(result.BestValidationAccuracy, 0, 1);
        }
        finally
        {
            if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        }
    }

    [Fact]
    public void AnExampleWithALabelOutsideTheSetIsRefusedByName()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => ClassifierTrainer.Train([new LabeledText("x", "weather")], [], ["markets", "pets"], new ClassifierTrainerOptions { OutputFolder = Path.GetTempPath() }));
        Assert.Contains("'weather'", e.Message);
    }
}
