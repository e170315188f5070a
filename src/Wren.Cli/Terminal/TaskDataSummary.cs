using System.Globalization;
using Spectre.Console;
using Wren.Data.Tasks;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren task data</c> prints: the label distribution per split, and what was left out.</summary>
internal static class TaskDataSummary
{
    public static void Write(IAnsiConsole console, TaskBuildResult result)
    {
        var d = result.Definition;
        var c = CultureInfo.InvariantCulture;
        string what = d.Kind == TaskDefinition.ClassifyKind ? $"{d.Labels.Count} labels" : d.Kind;
        bool labelled = d.Kind == TaskDefinition.ClassifyKind;
        var table = new Table().Title($"task {Markup.Escape(d.Name)}: {Markup.Escape(what)}").AddColumns(labelled ? ["label", "train", "val", "test", "share"] : new[] { "", "train", "val", "test" });
        int total = TaskSplits.All.Sum(result.Count);
        foreach (string label in d.Labels)
        {
            int Count(string split) => d.Counts.TryGetValue(split, out var counts) ? counts.GetValueOrDefault(label) : 0;
            int all = TaskSplits.All.Sum(Count);
            table.AddRow(Markup.Escape(label), Count(TaskSplits.Train).ToString("N0", c), Count(TaskSplits.Validation).ToString("N0", c), Count(TaskSplits.Test).ToString("N0", c), ((double)all / Math.Max(1, total)).ToString("P1", c));
        }

        string[] totals = ["[bold]examples[/]", $"[bold]{result.Count(TaskSplits.Train):N0}[/]", $"[bold]{result.Count(TaskSplits.Validation):N0}[/]", $"[bold]{result.Count(TaskSplits.Test):N0}[/]"];
        table.AddRow(labelled ? [.. totals, ""] : totals);
        console.Write(table);
        if (d.Schema is { } schema) console.MarkupLine($"Schema: {Markup.Escape(schema.ToJsonString())}");
        var dropped = d.Dropped.Where(p => p.Value > 0).Select(p => $"{p.Value:N0} {p.Key}").ToList();
        if (dropped.Count > 0) console.MarkupLine($"Left out: {Markup.Escape(string.Join(", ", dropped))}.");
        if (result.ConflictingDuplicates > 0)
            console.MarkupLine($"[yellow]note:[/] {result.ConflictingDuplicates:N0} duplicate input(s) had a different label than their first copy (kept the first).");
        if (result.RareLabels.Count > 0)
            console.MarkupLine($"Rare labels ({Markup.Escape(string.Join(", ", result.RareLabels.Select(p => $"{p.Key} {p.Value}")))}) were {(d.Dropped.GetValueOrDefault("rare") > 0 ? "left out" : "merged")}.");
        foreach (var e in result.Errors.Take(5)) console.MarkupLine($"[yellow]unreadable:[/] {Markup.Escape(e.File)}: {Markup.Escape(e.Error)}");
        if (result.Errors.Count > 5) console.MarkupLine($"[yellow]... and {result.Errors.Count - 5} more unreadable inputs[/]");
        console.MarkupLine($"Wrote {Markup.Escape(result.Folder)}/{{task.json, train.jsonl, val.jsonl, test.jsonl}}.");
    }
}
