using System.Globalization;
using Spectre.Console;
using Wren.Pipeline.Explore;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren explore</c> prints: the data in one paragraph, the candidate tasks as a table, then their commands.</summary>
internal static class ExploreSummary
{
    public static void Write(IAnsiConsole console, ExploreReport r, string htmlPath, string jsonPath)
    {
        var c = CultureInfo.InvariantCulture;
        console.MarkupLine(string.Create(c, $"[bold]{r.Documents:N0}[/] documents, {r.Words:N0} words, {(r.TokensEstimated ? "about " : "")}[bold]{Human(r.Tokens)}[/] tokens; " +
            $"languages {Markup.Escape(string.Join(", ", r.Languages.Take(4).Select(p => $"{p.Key} {p.Value}")))}; curation keeps [bold]{r.KeptFraction:P0}[/]; " +
            $"PII: {Markup.Escape(r.Pii.Count == 0 ? "none" : string.Join(", ", r.Pii.Select(p => $"{p.Value} {p.Key}")))}; " +
            $"{r.Quality.ExactDuplicateRate:P1} exact and {r.Quality.NearDuplicateRate:P1} near duplicates; {r.Inventory.UnreadableCount} unreadable."));
        if (r.AnalysedFraction < 1) console.MarkupLine(string.Create(c, $"[grey]Quality, PII and languages measured on a seeded {r.AnalysedFraction:P1} of the documents.[/]"));
        Candidates(console, r.Candidates, max: int.MaxValue);
        console.MarkupLine(string.Create(c, $"Size and cost: {Markup.Escape(r.Cost.Chinchilla)}"));
        console.MarkupLine($"Report: [bold]{Markup.Escape(htmlPath)}[/] (charts, examples, costs), data: {Markup.Escape(jsonPath)}");
    }

    /// <summary>The candidates as a table and their commands below it (shared with the end of <c>wren build</c>).</summary>
    public static void Candidates(IAnsiConsole console, IReadOnlyList<TaskCandidateReport> candidates, int max)
    {
        if (candidates.Count == 0)
        {
            console.MarkupLine("No candidate task in this data's structure (no label-like column beside text, no mail lists or folders, few replies).");
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]candidate tasks[/]").AddColumns("#", "task", "examples", "baseline", "build here");
        var shown = candidates.Take(max).ToList();
        for (int i = 0; i < shown.Count; i++)
        {
            var t = shown[i];
            string baseline = t.Baseline is { } b
                ? string.Create(c, $"{b.Accuracy:P0} (majority {b.MajorityAccuracy:P0})") + (t.Lift is { Lift: > 0.0005 } l ? string.Create(c, $"; est. {l.ExpectedAccuracy:P0} with {Human(l.TrainingExamples)} examples") : "")
                : t.Labels is null ? "-" : "no labels";
            string build = t.Build is { } e ? string.Create(c, $"{e.Parameters / 1e6:0.#}M, {(e.CpuMinutes < 1 ? "<1" : e.CpuMinutes.ToString("0", c))} min CPU") : "-";
            table.AddRow((i + 1).ToString(c), Markup.Escape($"{t.Kind}: {t.Title}"), t.Examples.ToString("N0", c), Markup.Escape(baseline), Markup.Escape(build));
        }

        console.Write(table);
        for (int i = 0; i < shown.Count; i++)
        {
            if (shown[i].Command is { } command) console.MarkupLine($"  {i + 1}. [bold]{Markup.Escape(command)}[/]");
        }
    }

    private static string Human(long n) => n >= 1_000_000 ? (n / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M" : n >= 1000 ? (n / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K" : n.ToString(CultureInfo.InvariantCulture);
}
