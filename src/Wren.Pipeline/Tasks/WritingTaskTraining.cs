using System.Text.Json.Nodes;
using Wren.Data.Tasks;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Training.Classification;
using Wren.Training.FineTuning;
using Wren.Training.Lora;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// Trains a model for a generate or extract task: the examples become conversations (the input as the user's turn,
/// the output as the assistant's), rendered with the base model's own chat template and fine-tuned with the loss on
/// the answer only (<see cref="FineTuner"/>), LoRA merged into an ordinary model folder at the end (or every weight),
/// so <c>wren task eval</c>, <c>wren serve</c> and the exports read RUN/model as they read any model.
/// </summary>
public static class WritingTaskTraining
{
    public static (WritingTaskManifest Manifest, FineTuneSummary Summary) Run(TaskDataSet set, WritingTrainOptions options,
        Action<StepReport>? stepCompleted = null, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        string kind = set.Definition?.Kind ?? TaskDefinition.GenerateKind;
        if (kind == TaskDefinition.ClassifyKind) throw new WrenException($"{set.Name} is a classify task; its model is trained by the classifier trainer");
        if (set.Train.Count == 0) throw new WrenException($"{set.Name}: no training examples");
        string run = Path.GetFullPath(options.OutputFolder);
        Directory.CreateDirectory(run);
        string dataFolder = Path.Combine(run, "data");
        Directory.CreateDirectory(dataFolder);
        string chat = Path.Combine(dataFolder, "train.jsonl");
        // Validation examples go last: FineTuner holds out the tail of the rows for its validation loss.
        TaskChatJsonl.Write(chat, set.Train.Concat(set.Validation));
        double validationShare = set.Validation.Count == 0 ? 0.05 : (double)set.Validation.Count / (set.Train.Count + set.Validation.Count);

        bool lora = options.Lora;
        var fine = new FineTuneOptions
        {
            BaseModel = options.BaseModel,
            DataPath = chat,
            Lora = lora ? new LoraSettings { Rank = 16, Alpha = 32, Targets = LoraSettings.KnownTargets } : null,
            Batch = options.Batch,
            SequenceLength = options.SequenceLength,
            Epochs = options.Epochs,
            ValidationFraction = Math.Clamp(validationShare, 0.01, 0.5),
            Threads = Math.Max(1, options.Threads),
            Trainer = new TrainerOptions
            {
                OutputFolder = Path.Combine(run, "finetune"),
                TimeLimit = options.Time,
                LearningRate = options.LearningRate ?? (lora ? 2e-4 : 2e-5),
                EvalEvery = 25,
                CheckpointEvery = 1_000_000,
                KeepLastCheckpoints = 1,
                Seed = options.Seed,
            },
        };

        FineTuneSummary summary;
        int maxOutputTokens;
        using (var tuner = new FineTuner(fine, progress))
        {
            maxOutputTokens = Math.Clamp(2 * set.Train.Max(e => tuner.Tokenizer.Encode(e.Output, addSpecialTokens: false).Length), 16, 512);
            summary = tuner.Run(stepCompleted, cancellationToken: cancellationToken);
        }

        string model = Path.Combine(run, "model");
        string temp = model + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        if (summary.IsLora)
        {
            PeftAdapter.Merge(Path.GetFullPath(options.BaseModel), summary.Training.ModelFolder, temp);
        }
        else
        {
            CopyFolder(summary.Training.ModelFolder, temp);
        }

        if (Directory.Exists(model)) Directory.Delete(model, recursive: true);
        Directory.Move(temp, model);

        var t = summary.Training;
        var figures = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["steps"] = t.Steps,
            ["tokens_seen"] = t.TokensSeen,
            ["final_train_loss"] = t.FinalTrainLoss,
            ["wall_seconds"] = t.Elapsed.TotalSeconds,
            ["train_examples"] = set.Train.Count,
            ["validation_examples"] = set.Validation.Count,
            ["trainable_tokens"] = summary.Data.TrainableTokens,
            ["threads"] = options.Threads,
        };
        if (t.BestValidationLoss is { } best) figures["best_validation_loss"] = best;
        if (ClassifierTrainer.LoadAverage() is { } load) figures["load_average"] = load;
        var manifest = new WritingTaskManifest
        {
            Task = options.TaskName,
            Kind = kind,
            Schema = set.Definition?.Schema?.DeepClone() as JsonObject,
            Method = lora ? "lora" : "full",
            BaseModel = Path.GetFullPath(options.BaseModel),
            Data = options.DataOrigin,
            MaxOutputTokens = maxOutputTokens,
            Training = figures,
        };
        manifest.Save(run);
        return (manifest, summary);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
