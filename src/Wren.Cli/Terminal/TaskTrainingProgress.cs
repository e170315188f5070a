using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Wren.Data.Tasks;
using Wren.Training.Classification;

namespace Wren.Cli.Terminal;

/// <summary>Prints a task run's progress: a line at each phase change, at each validation check, and at most every five seconds otherwise.</summary>
internal sealed class TaskTrainingProgress(IAnsiConsole console, double? budget)
{
    private readonly Stopwatch _sincePrint = Stopwatch.StartNew();
    private string _phase = "";

    public void Starting(TaskDataSet set, ClassifierTrainerOptions options) =>
        console.MarkupLine($"Training [bold]{Markup.Escape(set.Name)}[/]: {set.Train.Count:N0} training and {set.Validation.Count:N0} validation examples, {set.Labels.Count} labels, " +
            $"{(options.BaseModel is null ? "from scratch" : Markup.Escape("from " + options.BaseModel))}, budget {options.Time.TotalSeconds:N0} s ({options.Clock.ToString().ToLowerInvariant()} clock).");

    public void Report(string run, ClassifierTrainingEvent e)
    {
        string phase = run + " " + e.Phase;
        bool changed = phase != _phase;
        if (!changed && e.ValidationAccuracy is null && _sincePrint.Elapsed.TotalSeconds < 5) return;
        _phase = phase;
        _sincePrint.Restart();
        var c = CultureInfo.InvariantCulture;
        string validation = e.ValidationAccuracy is { } v ? string.Create(c, $" | [green]val acc {v:P1}[/]") : "";
        string step = e.Phase == "tokenizer" ? "trained" : string.Create(c, $"step {e.Step,5} | loss {e.Loss:F4} | lr {e.LearningRate:E2} | {e.TokensPerSecond:N0} tok/s");
        console.MarkupLine(string.Create(c, $"[grey]{Markup.Escape(run)}[/] {e.Phase,-9} {step}{validation} | {e.Seconds:F0}{(budget is { } b ? string.Create(c, $"/{b:F0}") : "")} s"));
    }
}
