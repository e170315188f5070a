using System.Globalization;
using Spectre.Console;
using Wren.Eval.Writing;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren task eval</c> prints for a generate or extract task: every system's scores, per-field scores, the verdict.</summary>
internal static class WritingEvalTable
{
    public static void Write(IAnsiConsole console, WritingEvalReport report, string? outFolder)
    {
        var c = CultureInfo.InvariantCulture;
        bool extract = report.Kind == "extract";
        var table = new Table().Title($"task {Markup.Escape(report.Task)} ({Markup.Escape(report.Kind)}): {report.Count:N0} test examples").AddColumn("system");
        foreach (string column in extract ? ["validity", "field EM", "field F1"] : new[] { "EM", "token F1", "ROUGE-L", "ROUGE-Lsum", "chrF" }) table.AddColumn(column);
        bool judged = report.Systems.Any(s => s.JudgeScore is not null || s.JudgeUngraded > 0);
        if (judged) table.AddColumn("judge 1-5");
        table.AddColumns("latency p50", "p95");
        foreach (var s in report.Systems)
        {
            string name = Markup.Escape(s.Name);
            if (s.Error is not null)
            {
                var cells = new List<string> { name, $"[yellow]not measured: {Markup.Escape(s.Error)}[/]" };
                while (cells.Count < table.Columns.Count) cells.Add("");
                table.AddRow([.. cells]);
                continue;
            }

            string Mark(string text, bool primary) => primary && report.IsBest(s) ? $"[bold green]{text}[/]" : text;
            var row = new List<string> { name };
            if (s.Extraction is { } x) row.AddRange([x.Validity.ToString("P1", c), x.ExactMatch.ToString("F3", c), Mark(x.TokenF1.ToString("F3", c), true)]);
            if (s.Generation is { } g) row.AddRange([g.ExactMatch.ToString("F3", c), g.TokenF1.ToString("F3", c), g.RougeL.ToString("F3", c), Mark(g.RougeLsum.ToString("F3", c), true), g.ChrF.ToString("F1", c)]);
            if (judged) row.Add(s.JudgeScore is { } j ? j.ToString("F2", c) + (s.JudgeUngraded > 0 ? $" ({s.JudgeUngraded} ungraded)" : "") : "-");
            row.Add(string.Create(c, $"{s.LatencyMsP50:F1} ms"));
            row.Add(string.Create(c, $"{s.LatencyMsP95:F1} ms"));
            table.AddRow([.. row]);
        }

        console.Write(table);
        foreach (var s in report.Systems)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(s.Name)}: {Markup.Escape(s.Description)}[/]");
            if (s.Failed > 0) console.MarkupLine($"  [yellow]{Markup.Escape(s.Name)} refused {s.Failed} of {report.Count} examples (scored as empty answers): {Markup.Escape(s.FailedReason ?? "")}[/]");
        }
        if (extract && report.TaskModel is { Extraction: not null } model)
        {
            var fields = new Table().Title("task model: per field").AddColumns("field", "exact match", "F1");
            foreach (var (field, score) in model.Extraction!.Fields) fields.AddRow(Markup.Escape(field), score.ExactMatch.ToString("F3", c), score.TokenF1.ToString("F3", c));
            console.Write(fields);
        }

        console.MarkupLine(TaskEvalTable.VerdictColor(report.Outcome) + Markup.Escape(report.Verdict) + "[/]");
        if (outFolder is not null) console.MarkupLine($"Report: {Markup.Escape(Path.Combine(outFolder, "task.html"))}");
    }
}
