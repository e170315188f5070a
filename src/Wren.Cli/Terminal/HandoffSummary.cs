using System.Globalization;
using Spectre.Console;
using Wren.Training.Handoff;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren handoff torchrun</c> and <c>wren handoff finetune</c> wrote, and the commands that check and run it.</summary>
internal static class HandoffSummary
{
    public static void Torchrun(IAnsiConsole console, TorchrunHandoffResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var table = SummaryTable.Create();
        table.AddRow("folder", Markup.Escape(r.OutputFolder));
        table.AddRow("files", Markup.Escape(string.Join(", ", r.Files)));
        table.AddRow("data", Markup.Escape($"{r.DataFolder} ({r.TrainTokens.ToString("N0", c)} training tokens)"));
        table.AddRow("GPUs", r.WorldSize.ToString(c));
        table.AddRow("batch", $"{r.MicroBatch} x {r.SequenceLength} x grad-accum {r.GradientAccumulation} x {r.WorldSize} = {r.TokensPerStep.ToString("N0", c)} tokens/step (run: {r.RunTokensPerStep.ToString("N0", c)})");
        table.AddRow("steps", $"{r.Steps.ToString("N0", c)} (warmup {r.WarmupSteps.ToString("N0", c)})");
        console.Write(table);
        foreach (string note in r.Notes) console.MarkupLine("[yellow]note:[/] " + Markup.Escape(note));
        console.MarkupLine($"check: [blue]bash {Markup.Escape(Path.Combine(r.OutputFolder, TorchrunHandoff.LaunchName))} --dry-run[/]   train: [blue]bash {Markup.Escape(Path.Combine(r.OutputFolder, TorchrunHandoff.LaunchName))}[/]");
    }

    public static void FineTune(IAnsiConsole console, FineTuneHandoffResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var table = SummaryTable.Create();
        table.AddRow("folder", Markup.Escape(r.OutputFolder));
        table.AddRow("files", Markup.Escape(string.Join(", ", r.Files)));
        table.AddRow("conversations", $"train {r.TrainExamples.ToString("N0", c)}, val {r.ValidationExamples.ToString("N0", c)}" + (r.Truncated > 0 ? $" ({r.Truncated.ToString("N0", c)} longer than --seq-len, cut)" : ""));
        table.AddRow("tokens", $"{r.TrainTokens.ToString("N0", c)} per epoch, {r.TrainedTokens.ToString("N0", c)} of them trained (assistant turns)");
        table.AddRow("GPUs", r.WorldSize.ToString(c));
        table.AddRow("steps", $"{r.Steps.ToString("N0", c)} at lr {r.LearningRate.ToString("G3", c)}");
        console.Write(table);
        foreach (string e in r.Errors.Take(5)) console.MarkupLine("[yellow]skipped:[/] " + Markup.Escape(e));
        string launch = Path.Combine(r.OutputFolder, TorchrunHandoff.LaunchName);
        console.MarkupLine($"check: [blue]bash {Markup.Escape(launch)} --dry-run[/]   train: [blue]bash {Markup.Escape(launch)}[/]");
    }
}
