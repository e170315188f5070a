using System.Globalization;
using Spectre.Console;
using Wren.Eval.Classification;
using Wren.Eval.Reports;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren task eval</c> prints: the model and its baselines, per-label figures, the confusion matrix, the verdict.</summary>
internal static class TaskEvalTable
{
    public static void Write(IAnsiConsole console, TaskEvalReport report, string? outFolder)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Title($"task {Markup.Escape(report.Task)}: {report.Test.Count:N0} test examples").AddColumns("system", "accuracy", "macro-F1", "latency p50", "p95", "size");
        foreach (var r in report.Systems)
        {
            string accuracy = r.Metrics.Accuracy.ToString("P1", c);
            table.AddRow(Markup.Escape(r.Description), report.IsBest(r) ? $"[bold green]{accuracy}[/]" : accuracy, r.Metrics.MacroF1.ToString("F3", c),
                string.Create(c, $"{r.LatencyP50Ms:F2} ms"), string.Create(c, $"{r.LatencyP95Ms:F2} ms"), Size(r.SizeBytes));
        }

        console.Write(table);
        var main = report.Model ?? report.BestBaseline;
        if (main is not null)
        {
            var perClass = new Table().Title($"{Markup.Escape(main.Description)}: per label").AddColumns("label", "precision", "recall", "F1", "support");
            foreach (var p in main.Metrics.PerClass)
                perClass.AddRow(Markup.Escape(p.Label), p.Precision.ToString("F3", c), p.Recall.ToString("F3", c), p.F1.ToString("F3", c), p.Support.ToString(c));
            console.Write(perClass);
            var confusion = new Table().Title("confusion matrix (rows: right label, columns: predicted)").AddColumn("");
            for (int i = 0; i < main.Metrics.Labels.Count; i++) confusion.AddColumn(i.ToString(c));
            for (int g = 0; g < main.Metrics.Labels.Count; g++)
                confusion.AddRow([Markup.Escape($"{g} {main.Metrics.Labels[g]}"), .. main.Metrics.Confusion[g].Select(n => n == 0 ? "." : n.ToString(c))]);
            console.Write(confusion);
        }

        foreach (var p in report.LearningCurve.GroupBy(p => p.System))
            console.MarkupLine($"Learning curve, {Markup.Escape(p.Key)}: {string.Join(", ", p.Select(x => string.Create(c, $"{x.Fraction:P0} ({x.Examples:N0}) {x.Accuracy:P1}")))}");
        console.MarkupLine($"[bold]{VerdictColor(report.Outcome)}{Markup.Escape(report.Verdict)}[/][/]");
        if (outFolder is not null) console.MarkupLine($"Report: {Markup.Escape(Path.Combine(outFolder, "task.html"))}");
    }

    /// <summary>The opening markup tag of a verdict: green when the task model holds its own, yellow when it does not or was not compared.</summary>
    public static string VerdictColor(VerdictOutcome outcome) => outcome is VerdictOutcome.ModelWins or VerdictOutcome.Tie ? "[green]" : "[yellow]";

    private static string Size(long bytes) => bytes == 0 ? "-" : bytes < 1 << 20 ? $"{bytes / 1024.0:F0} KiB" : $"{bytes / (1024.0 * 1024):F1} MiB";
}
