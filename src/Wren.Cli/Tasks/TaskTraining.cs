using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Data.Tasks;
using Wren.Runtime.Classification;
using Wren.Training.Classification;

namespace Wren.Cli.Tasks;

/// <summary>What <c>wren task train</c> and the build's task stage share: a task data set in, the trained run (and learning curve) out, progress on the console.</summary>
internal static class TaskTraining
{
    public static (ClassifierTrainingResult Model, IReadOnlyList<(double Fraction, ClassifierTrainingResult Run)> Curve) Run(
        TaskDataSet set, ClassifierTrainerOptions options, bool learningCurve, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var printer = new TaskTrainingProgress(console, options.Time.TotalSeconds);
        console.MarkupLine($"Training [bold]{Markup.Escape(set.Name)}[/]: {set.Train.Count:N0} training and {set.Validation.Count:N0} validation examples, {set.Labels.Count} labels, " +
            $"{(options.BaseModel is null ? "from scratch" : Markup.Escape("from " + options.BaseModel))}, budget {options.Time.TotalSeconds:N0} s ({options.Clock.ToString().ToLowerInvariant()} clock).");
        return LearningCurveTraining.Run(ToLabeled(set.Train), ToLabeled(set.Validation), set.Labels, options, learningCurve, printer.Report, cancellationToken: cancellationToken);
    }

    public static List<LabeledText> ToLabeled(IEnumerable<TaskExample> examples) => examples.Select(e => new LabeledText(e.Input, e.Output)).ToList();
}
