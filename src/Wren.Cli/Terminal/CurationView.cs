using System.Globalization;
using Spectre.Console;
using Wren.Data.Curation.Pipeline;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren curate</c> prints: the step table, the failed tasks of a cluster run, and one document's path (<c>--explain</c>).</summary>
internal static class CurationView
{
    private const int FailuresShown = 20;

    public static Table StepTable(IEnumerable<StepStatistics> steps)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("step", "docs in", "kept", "dropped", "changed", "top rules", "MB/s");
        foreach (var s in steps)
        {
            string rules = string.Join(", ", s.TopRules(3).Select(kv => string.Create(c, $"{kv.Key} {kv.Value:N0}")));
            table.AddRow(Markup.Escape(s.Step), s.DocumentsIn.ToString("N0", c), s.Kept.ToString("N0", c),
                s.DroppedTotal.ToString("N0", c), s.Changed.ToString("N0", c), Markup.Escape(rules), s.MegabytesPerSecond.ToString("0.0", c));
        }
        return table;
    }

    /// <summary>The step table and what was kept, as <c>wren curate</c> and the build's curate stage end.</summary>
    public static void Summary(IAnsiConsole console, CurationStatistics result, string? outputFolder)
    {
        console.Write(StepTable(result.Steps));
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Kept [green]{result.Output.Documents:N0}[/] of {result.Input.Documents:N0} documents ({result.Output.Bytes / 1e6:0.00} of {result.Input.Bytes / 1e6:0.00} MB) in {result.WallSeconds:0.0} s.") +
            (outputFolder is null ? "" : $" Outputs in [bold]{Markup.Escape(outputFolder)}[/]."));
    }

    public static Table FailureTable(IReadOnlyList<FailedTask> failures)
    {
        var table = new Table().AddColumns("stage", "task", "state", "log", "last lines");
        foreach (var f in failures.Take(FailuresShown))
        {
            table.AddRow(Markup.Escape(f.Stage), f.Task.ToString(CultureInfo.InvariantCulture), Markup.Escape(f.State),
                Markup.Escape(f.LogPath ?? ""), Markup.Escape(Shorten(f.LastLines, 120)));
        }
        if (failures.Count > FailuresShown)
        {
            table.AddRow("…", $"{failures.Count - FailuresShown} more", "", "", "");
        }
        return table;
    }

    public static void Explanation(IAnsiConsole console, DocumentExplanation e)
    {
        var c = CultureInfo.InvariantCulture;
        console.MarkupLine($"Document [bold]{Markup.Escape(e.Document.Id)}[/] from {Markup.Escape(e.Document.Source)} ({e.Document.Text.Length.ToString("N0", c)} chars), judged as a [bold]{Markup.Escape(e.Kind)}[/] (recipe section kinds)");
        var table = new Table().AddColumns("step", "outcome", "rule", "value", "threshold", "chars", "evidence");
        foreach (var t in e.Trace)
        {
            table.AddRow(
                Markup.Escape(t.Step),
                t.Outcome switch { "dropped" => "[red]dropped[/]", "changed" => "[yellow]changed[/]", _ => "[green]kept[/]" },
                Markup.Escape(t.Rule ?? ""),
                t.Value?.ToString("0.####", c) ?? "",
                t.Threshold?.ToString("0.####", c) ?? "",
                $"{t.CharsBefore} -> {t.CharsAfter}",
                Markup.Escape(Shorten(t.Evidence ?? "", 60)));
        }
        console.Write(table);
        if (e.Trace.Count > 0)
        {
            console.MarkupLine($"Scores: {Markup.Escape(e.Trace[^1].Scores)}");
        }
        console.MarkupLine(e.Rejection is null
            ? "[green]Kept[/] by every per-document step (dedup and boilerplate are decided over the whole corpus)."
            : $"[red]Dropped[/] by {Markup.Escape(e.Rejection.Step)}/{Markup.Escape(e.Rejection.Rule)}: {Markup.Escape(e.Rejection.Evidence ?? "")}");
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text.ReplaceLineEndings(" ") : text[..max].ReplaceLineEndings(" ") + "…";
}
