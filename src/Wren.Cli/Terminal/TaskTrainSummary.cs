using System.Globalization;
using Spectre.Console;
using Wren.Pipeline.Tasks;
using Wren.Training.Classification;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren task train</c> prints at the end: the run's figures and what to do next.</summary>
internal static class TaskTrainSummary
{
    public static void Write(IAnsiConsole console, (ClassifierTrainingResult Model, IReadOnlyList<(double Fraction, ClassifierTrainingResult Run)> Curve) result)
    {
        var c = CultureInfo.InvariantCulture;
        var (model, curve) = result;
        var t = model.Manifest.Training;
        var table = new Table().Title($"task run {Markup.Escape(model.Manifest.Task)}").AddColumns("", "");
        table.AddRow("model", Markup.Escape($"{model.Manifest.Method}, {model.Parameters:N0} parameters, {model.Manifest.Labels.Count} labels"));
        if (t.TryGetValue("pretrain_tokens", out double pretrain)) table.AddRow("pretraining", string.Create(c, $"{pretrain:N0} tokens ({t.GetValueOrDefault("pretrain_corpus_tokens"):N0} in the corpus), loss {t.GetValueOrDefault("pretrain_loss"):F3}"));
        table.AddRow("fine-tuning", string.Create(c, $"{t.GetValueOrDefault("finetune_steps"):N0} steps, {t.GetValueOrDefault("finetune_epochs"):F1} epochs{(t.ContainsKey("stopped_early") ? ", stopped early" : "")}"));
        table.AddRow("validation accuracy", double.IsFinite(model.BestValidationAccuracy) ? model.BestValidationAccuracy.ToString("P1", c) : "- (no validation split)");
        table.AddRow("calibration", string.Create(c, $"temperature {model.Manifest.Temperature:F3}"));
        table.AddRow("time", string.Create(c, $"{model.WallSeconds:F0} s wall, {model.CpuSeconds:F0} CPU-s on {t.GetValueOrDefault("threads"):F0} threads{(model.LoadAverage is { } l ? $", load average {l:F1}" : "")}"));
        foreach (var (fraction, run) in curve)
            table.AddRow(string.Create(c, $"{fraction:P0} of the labels"), string.Create(c, $"validation accuracy {run.BestValidationAccuracy:P1} ({Markup.Escape(run.RunFolder)})"));
        table.AddRow("run", Markup.Escape(model.RunFolder));
        console.Write(table);
        console.MarkupLine($"Next: [bold]wren task eval --model {Markup.Escape(model.RunFolder)} --data {Markup.Escape(model.Manifest.Data ?? "TASK")} --out {Markup.Escape(Path.Combine(model.RunFolder, "eval"))}[/]");
    }

    /// <summary>The end of a generate or extract run: what was trained, how long, and the next command.</summary>
    public static void WriteWriting(IAnsiConsole console, WritingTaskManifest manifest, string runFolder)
    {
        var c = CultureInfo.InvariantCulture;
        var t = manifest.Training;
        var table = new Table().Title($"task run {Markup.Escape(manifest.Task)} ({Markup.Escape(manifest.Kind)})").AddColumns("", "");
        table.AddRow("model", Markup.Escape($"{manifest.Method} on {manifest.BaseModel}, merged into {Path.Combine(runFolder, manifest.Model)}"));
        table.AddRow("fine-tuning", string.Create(c, $"{t.GetValueOrDefault("steps"):N0} steps, {t.GetValueOrDefault("tokens_seen"):N0} tokens, final loss {t.GetValueOrDefault("final_train_loss"):F3}{(t.TryGetValue("best_validation_loss", out double v) ? $", best validation loss {v:F3}" : "")}"));
        table.AddRow("examples", string.Create(c, $"{t.GetValueOrDefault("train_examples"):N0} train, {t.GetValueOrDefault("validation_examples"):N0} validation, {t.GetValueOrDefault("trainable_tokens"):N0} answer tokens"));
        if (manifest.Schema is { } schema) table.AddRow("schema", Markup.Escape(schema.ToJsonString()));
        table.AddRow("time", string.Create(c, $"{t.GetValueOrDefault("wall_seconds"):F0} s on {t.GetValueOrDefault("threads"):F0} threads{(t.TryGetValue("load_average", out double l) ? $", load average {l:F1}" : "")}"));
        console.Write(table);
        console.MarkupLine($"Next: [bold]wren task eval --model {Markup.Escape(runFolder)} --data {Markup.Escape(manifest.Data ?? "TASK")} --out {Markup.Escape(Path.Combine(runFolder, "eval"))}[/]");
    }
}
