using System.Globalization;
using Spectre.Console;
using Wren.Training.FineTuning;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren finetune</c> prints before and after its steps: the base, method, template, data and run; then the losses and where the adapter is.</summary>
internal static class FineTuneView
{
    public static void Header(IAnsiConsole console, FineTuner tuner)
    {
        var o = tuner.Options;
        var d = tuner.Data;
        var c = tuner.Model.Config;
        var table = new Table().AddColumns("", "");
        table.AddRow("base", Markup.Escape($"{tuner.BaseFolder} ({c.ArchitectureName}, {c.ParameterCount:N0} parameters)"));
        table.AddRow("method", o.Lora is { } l
            ? Markup.Escape($"LoRA r={l.Rank} alpha={l.Alpha} on {string.Join(", ", l.Targets)}: {tuner.Model.Trainable.Count:N0} trainable parameters")
            : $"full fine-tuning: {tuner.Model.Trainable.Count:N0} trainable parameters");
        table.AddRow("template", Markup.Escape(tuner.Renderer is ChatTemplateRenderer ? "the model's chat template" : "ChatML (the model has none)"));
        table.AddRow("data", Markup.Escape($"{d.Examples.Count:N0} conversations, {d.Tokens:N0} tokens ({d.TrainableTokens:N0} assistant), {d.TrainingRows:N0} train / {d.ValidationRows:N0} validation rows of {tuner.Model.Time}"));
        if (d.TruncatedExamples > 0) table.AddRow("[yellow]truncated[/]", $"{d.TruncatedExamples:N0} conversations longer than {tuner.Model.Time + 1} tokens (raise --seq)");
        table.AddRow("run", $"{o.Trainer.Steps:N0} steps x {o.Batch} x {tuner.Model.Time} tokens, lr {o.Trainer.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}");
        console.Write(table);
        if (d.Errors.Count > 0)
        {
            console.MarkupLine($"[yellow]{d.Errors.Count} line(s) skipped:[/]");
            SummaryTable.WriteSome(console, [.. d.Errors.Select(Markup.Escape)], 10);
        }
    }

    public static void Summary(IAnsiConsole console, FineTuneSummary s, string baseFolder, string plot)
    {
        var t = s.Training;
        var table = new Table().AddColumns("", "");
        table.AddRow("steps", t.Steps.ToString(CultureInfo.InvariantCulture));
        table.AddRow("final train loss", t.FinalTrainLoss.ToString("F4", CultureInfo.InvariantCulture));
        table.AddRow("final validation loss", t.FinalValidationLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-");
        table.AddRow("time", t.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        table.AddRow(s.IsLora ? "adapter" : "model", Markup.Escape(t.ModelFolder));
        table.AddRow("plot", Markup.Escape(plot));
        console.Write(table);
        if (s.IsLora)
            console.MarkupLine(Markup.Escape($"fold it into a standalone model: wren merge --base {baseFolder} --adapter {t.ModelFolder} --out <folder>"));
    }
}
