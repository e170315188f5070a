using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Training;
using Wren.Training.FineTuning;
using Wren.Training.Lora;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Build.Stages;

/// <summary>
/// The train stage of a build with <c>model.base_model</c>: supervised fine-tuning on the recipe's chat JSONL (as
/// <c>wren finetune</c>) into DIR/train/finetune/, then the adapter folded into a full model at DIR/train/model (as
/// <c>wren merge</c>), so eval, export and sample read the same folder as after pretraining.
/// </summary>
internal static class FineTuneTraining
{
    /// <summary>The fine-tuning run folder inside DIR/train/: model/ (the PEFT adapter, or the full model), metrics.jsonl, samples.</summary>
    public const string RunFolder = "finetune";

    public static StageOutcome Run(BuildContext context, string stage, CancellationToken cancellationToken)
    {
        var recipe = context.Recipe;
        var section = recipe.Finetune;
        var (steps, limit) = TrainBuildStage.Budget(recipe.Training);
        LoraSettings? lora = BaseModelInputs.Lora(section);
        string baseFolder = BaseModelInputs.Folder(recipe, context.RecipeDirectory);
        string runFolder = context.PathOf(stage, RunFolder);
        var options = new FineTuneOptions
        {
            BaseModel = baseFolder,
            DataPath = DataFile(context, stage),
            Lora = lora,
            Batch = recipe.Training.Batch,
            SequenceLength = recipe.Training.Seq,
            Epochs = section.Epochs > 0 ? section.Epochs : null,
            Threads = context.Threads,
            Trainer = new TrainerOptions
            {
                OutputFolder = runFolder,
                Steps = steps,
                TimeLimit = limit,
                LearningRate = section.LearningRate > 0 ? section.LearningRate : LoraSettings.DefaultLearningRate(lora: lora is not null),
                EvalEvery = recipe.Training.EvalEvery,
                // As for pretraining: the build keeps only the final model (wren finetune --resume is for long runs).
                CheckpointEvery = 0,
                KeepLastCheckpoints = 1,
                Seed = recipe.Training.Seed,
            },
        };

        FineTuneSummary summary;
        Wren.Runtime.Formats.HuggingFace.LlamaConfig config;
        int sequence;
        FineTuner prepared;
        using (var loading = context.Observer.BeginProgress()) prepared = new FineTuner(options, loading);
        using (var tuner = prepared)
        {
            config = tuner.Model.Config;
            sequence = tuner.Model.Time;
            context.Observer.Reported(new FineTuningStarted(baseFolder, config, lora, tuner.Data));
            using var progress = context.Observer.BeginProgress();
            using var bar = progress.Begin("finetune", limit is null && section.Epochs <= 0 ? steps : null, "steps");
            var shown = new StepProgress(bar);
            summary = tuner.Run(
                report =>
                {
                    shown.Update(report);
                    context.Observer.Reported(new TrainingStepFinished(report));
                },
                null,
                cancellationToken);
        }

        // The index page and wren build's summary read the curves at DIR/train/, where pretraining leaves them.
        string metrics = context.PathOf(stage, TrainingLoop.MetricsFileName);
        File.Copy(Path.Combine(runFolder, TrainingLoop.MetricsFileName), metrics, overwrite: true);
        TrainingRun.TryPlot(metrics, context.PathOf(stage, "loss.png"), context.Observer.Warning);

        string model = context.PathOf(stage, TrainingLoop.ModelFolderName);
        if (summary.IsLora)
        {
            PeftAdapter.Merge(baseFolder, summary.Training.ModelFolder, model);
            context.Observer.Reported(new AdapterMerged(summary.Training.ModelFolder, model));
        }
        else
        {
            CopyFolder(summary.Training.ModelFolder, model);
        }

        var t = summary.Training;
        var figures = new Dictionary<string, double>
        {
            ["parameters"] = config.ParameterCount,
            ["layers"] = config.NumHiddenLayers,
            ["hidden"] = config.HiddenSize,
            ["vocabulary"] = config.VocabSize,
            ["sequence"] = sequence,
            ["steps"] = t.Steps,
            ["tokens_seen"] = t.TokensSeen,
            ["final_train_loss"] = t.FinalTrainLoss,
            ["tokens_per_second"] = t.TokensPerSecond,
            ["conversations"] = summary.Data.Examples.Count,
            ["assistant_tokens"] = summary.Data.TrainableTokens,
            ["skipped_lines"] = summary.Data.Errors.Count,
        };
        if (t.FinalValidationLoss is { } val) figures["final_validation_loss"] = val;
        if (t.BestValidationLoss is { } best) figures["best_validation_loss"] = best;
        if (lora is not null) figures["lora_rank"] = lora.Rank;
        return new StageOutcome(
            [Path.Combine(stage, TrainingLoop.ModelFolderName), Path.Combine(stage, RunFolder, TrainingLoop.ModelFolderName), Path.Combine(stage, TrainingLoop.MetricsFileName), Path.Combine(stage, "loss.png")],
            figures);
    }

    /// <summary>The chat JSONL to train on: the recipe's one file, or its files joined into DIR/train/ (FineTuner reads one file).</summary>
    private static string DataFile(BuildContext context, string stage)
    {
        var files = BaseModelInputs.DataFiles(context.Recipe, context.RecipeDirectory);
        if (files.Count == 1) return files[0];
        string joined = context.PathOf(stage, "finetune-data.jsonl");
        Wren.Runtime.Diagnostics.AtomicFile.Write(joined, stream =>
        {
            foreach (string file in files)
            {
                byte[] bytes = File.ReadAllBytes(file);
                stream.Write(bytes);
                if (bytes.Length > 0 && bytes[^1] != (byte)'\n') stream.WriteByte((byte)'\n');
            }
        });
        return joined;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
