using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Training;
using Wren.Runtime;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Build.Stages;

/// <summary>Token shards to a trained model in DIR/train/ (the layout of <c>wren train</c>: model/, best/, checkpoints/, metrics.jsonl, loss.png).</summary>
internal sealed class TrainBuildStage : IBuildStage
{
    public string Name => BuildStages.Train;

    public string Description => "pretrain the model on the token shards, or fine-tune model.base_model";

    public IReadOnlyList<string> Upstream => [BuildStages.Tokenizer, BuildStages.Tokens];

    public string RecipeSection(BuildContext context) => BaseModelInputs.IsFineTune(context.Recipe)
        ? BuildRecipeYaml.Canonical(new { model = context.Recipe.Model, training = context.Recipe.Training, finetune = context.Recipe.Finetune })
        : BuildRecipeYaml.Canonical(new { model = context.Recipe.Model, training = context.Recipe.Training });

    /// <summary>From scratch: a config.json preset. Fine-tuning: every file of the base model and the chat data, so editing either re-runs training.</summary>
    public IReadOnlyList<string> InputFiles(BuildContext context)
    {
        if (BaseModelInputs.IsFineTune(context.Recipe))
        {
            return [.. BaseModelInputs.ModelFiles(context.Recipe, context.RecipeDirectory), .. BaseModelInputs.DataFiles(context.Recipe, context.RecipeDirectory)];
        }
        return File.Exists(context.Recipe.Model.Preset) ? [Path.GetFullPath(context.Recipe.Model.Preset)] : [];
    }

    public IReadOnlyList<string> HashedOutputs(BuildContext context) => [context.PathOf(Name, TrainingLoop.ModelFolderName)];

    /// <summary>Optimizer steps and wall-clock limit of the recipe's budget: the run stops at whichever of minutes, tokens and steps comes first.</summary>
    public static (long Steps, TimeSpan? Limit) Budget(TrainingSection t)
    {
        if (t.Batch <= 0 || t.Seq <= 0) throw new WrenException($"recipe training.batch ({t.Batch}) and training.seq ({t.Seq}) must be positive");
        if (t.Minutes < 0 || t.Tokens < 0 || t.Steps < 0) throw new WrenException("recipe training.minutes, tokens and steps must not be negative");
        long steps = TrainerOptions.UntilTheLimit;
        if (t.Steps > 0) steps = t.Steps;
        if (t.Tokens > 0) steps = Math.Min(steps, Math.Max(1, (t.Tokens + (long)t.Batch * t.Seq - 1) / ((long)t.Batch * t.Seq)));
        TimeSpan? limit = t.Minutes > 0 ? TimeSpan.FromMinutes(t.Minutes) : null;
        if (limit is null && t.Steps == 0 && t.Tokens == 0)
        {
            throw new WrenException("recipe training: set a budget (minutes, tokens or steps above 0)");
        }
        return (steps, limit);
    }

    public Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        if (BaseModelInputs.IsFineTune(context.Recipe)) return Task.FromResult(FineTuneTraining.Run(context, Name, cancellationToken));
        var section = context.Recipe.Training;
        var (steps, limit) = Budget(section);
        var trainer = new TrainerOptions
        {
            OutputFolder = context.StageDirectory(Name),
            Steps = steps,
            TimeLimit = limit,
            LearningRate = section.LearningRate,
            EvalEvery = section.EvalEvery,
            // The build keeps only the final model: checkpoints would only cost time here (wren train --resume is for long runs).
            CheckpointEvery = 0,
            KeepLastCheckpoints = 1,
            Seed = section.Seed,
        };
        using var run = TrainingRun.Open(new TrainingRunOptions
        {
            DataFolder = context.StageDirectory(BuildStages.Tokens),
            ModelConfig = context.Recipe.Model.Preset,
            Tokenizer = context.StageDirectory(BuildStages.Tokenizer),
            Batch = section.Batch,
            Sequence = section.Seq,
            Threads = context.Threads,
            Trainer = trainer,
        });
        context.Observer.Reported(new TrainingStarted(run));
        TrainingSummary summary;
        using (var progress = context.Observer.BeginProgress())
        using (var bar = progress.Begin("train", limit is null ? steps : null, "steps"))
        {
            var shown = new StepProgress(bar);
            summary = run.Run(
                report =>
                {
                    shown.Update(report);
                    context.Observer.Reported(new TrainingStepFinished(report));
                },
                context.Observer.Warning,
                cancellationToken);
        }
        context.Observer.Reported(new TrainingFinished(summary, run.PlotPath));
        var metrics = new Dictionary<string, double>
        {
            ["parameters"] = run.Config.ParameterCount,
            ["layers"] = run.Config.NumHiddenLayers,
            ["hidden"] = run.Config.HiddenSize,
            ["vocabulary"] = run.Config.VocabSize,
            ["sequence"] = section.Seq,
            ["steps"] = summary.Steps,
            ["tokens_seen"] = summary.TokensSeen,
            ["final_train_loss"] = summary.FinalTrainLoss,
            ["tokens_per_second"] = summary.TokensPerSecond,
        };
        if (summary.FinalValidationLoss is { } val) metrics["final_validation_loss"] = val;
        if (summary.BestValidationLoss is { } best) metrics["best_validation_loss"] = best;
        return Task.FromResult(new StageOutcome(
            [Path.Combine(Name, TrainingLoop.ModelFolderName), Path.Combine(Name, TrainingLoop.MetricsFileName), Path.Combine(Name, "loss.png")],
            metrics));
    }
}
