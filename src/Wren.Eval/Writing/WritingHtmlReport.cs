using System.Globalization;
using System.Net;
using System.Text;
using Wren.Eval.Reports;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Writing;

/// <summary>
/// <c>task.html</c> of a generate or extract task: one self-contained page (inline CSS and SVG, no scripts) with the
/// verdict in one sentence, every system beside the others (generate: exact match, token F1, ROUGE-L, ROUGE-Lsum,
/// chrF; extract: validity, field exact match and F1), a bar chart of the ranking figure, per-field scores for
/// extract, and the task model's worst examples with input, reference and output side by side.
/// </summary>
public static class WritingHtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Write(WritingEvalReport report, string path) => AtomicFile.WriteAllText(path, Render(report));

    public static string Render(WritingEvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        bool extract = report.Kind == "extract";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Task ").Append(E(report.Task)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}table{border-collapse:collapse;margin:.5em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}")
            .Append(".verdict{font-size:1.15em;padding:.6em 1em;border-left:5px solid}.win{border-color:#59a14f;background:#eef7ec}.lose{border-color:#e15759;background:#fcecec}")
            .Append(".best{font-weight:bold}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em;max-height:14em;overflow:auto;text-align:left;margin:0}")
            .Append("</style></head><body>\n");
        html.Append("<h1>Task: ").Append(E(report.Task)).Append("</h1>\n");
        html.Append(C, $"<p>{E(report.Kind)} task, {report.Count:N0} test examples.</p>\n");
        html.Append("<p class=\"verdict ").Append(report.Outcome is VerdictOutcome.ModelWins or VerdictOutcome.Tie ? "win" : "lose").Append("\">").Append(E(report.Verdict)).Append("</p>\n");

        html.Append("<h2>Task model, base model, teacher and baselines</h2>\n<table><tr><th>system</th><th>what</th>");
        html.Append(extract ? "<th>validity</th><th>field exact match</th><th>field F1</th>" : "<th>exact match</th><th>token F1</th><th>ROUGE-L</th><th>ROUGE-Lsum</th><th>chrF</th>");
        bool judged = report.Systems.Any(s => s.JudgeScore is not null || s.JudgeUngraded > 0);
        if (judged) html.Append("<th>judge (1-5)</th>");
        html.Append("<th>latency p50</th><th>latency p95</th></tr>\n");
        foreach (var s in report.Systems)
        {
            html.Append("<tr><td").Append(report.IsBest(s) ? " class=\"best\"" : "").Append('>').Append(E(s.Name)).Append("</td><td>").Append(E(s.Description)).Append("</td>");
            if (s.Error is not null)
            {
                html.Append("<td colspan=\"").Append((extract ? 5 : 7) + (judged ? 1 : 0)).Append("\">not measured: ").Append(E(s.Error)).Append("</td></tr>\n");
                continue;
            }

            if (s.Extraction is { } x) html.Append(C, $"<td>{x.Validity:P1}</td><td>{x.ExactMatch:F3}</td><td>{x.TokenF1:F3}</td>");
            if (s.Generation is { } g) html.Append(C, $"<td>{g.ExactMatch:F3}</td><td>{g.TokenF1:F3}</td><td>{g.RougeL:F3}</td><td>{g.RougeLsum:F3}</td><td>{g.ChrF:F1}</td>");
            if (judged) html.Append(C, $"<td>{(s.JudgeScore is { } j ? j.ToString("F2", C) : "-")}{(s.JudgeUngraded > 0 ? $" ({s.JudgeUngraded} ungraded)" : "")}</td>");
            html.Append(C, $"<td>{s.LatencyMsP50:F1} ms</td><td>{s.LatencyMsP95:F1} ms</td></tr>\n");
        }

        html.Append("</table>\n<p>Exact match and token F1 as SQuAD's evaluation script normalises text; ROUGE-L and ROUGE-Lsum F-measure as google-research's rouge_score computes them; chrF as sacrebleu's corpus score (character 6-grams, beta 2). ")
            .Append("Extract outputs are valid when they parse and validate against the task's schema (JsonSchema.Net); fields score 0 in an invalid output. Latency is per example, one at a time.</p>\n");
        foreach (var s in report.Systems.Where(s => s.Failed > 0))
            html.Append(C, $"<p>{E(s.Name)} refused {s.Failed} of {report.Count} examples, scored as empty answers: {E(s.FailedReason ?? "")}</p>\n");
        html.Append(Bars(report, extract ? "field F1" : "ROUGE-Lsum"));
        if (report.Training.Count > 0)
            html.Append("<p>Training: ").Append(E(string.Join(", ", report.Training.Select(p => $"{p.Key.Replace('_', ' ')} {p.Value.ToString("0.###", C)}")))).Append("</p>\n");

        if (extract)
        {
            var measured = report.Systems.Where(s => s.Extraction is not null).ToList();
            var fields = measured.SelectMany(s => s.Extraction!.Fields.Keys).Distinct(StringComparer.Ordinal).ToList();
            if (fields.Count > 0)
            {
                html.Append("<h2>Per field (exact match / F1)</h2>\n<table><tr><th>field</th>");
                foreach (var s in measured) html.Append("<th>").Append(E(s.Name)).Append("</th>");
                html.Append("</tr>\n");
                foreach (string field in fields)
                {
                    html.Append("<tr><td>").Append(E(field)).Append("</td>");
                    foreach (var s in measured)
                        html.Append(s.Extraction!.Fields.TryGetValue(field, out var f) ? string.Create(C, $"<td>{f.ExactMatch:F3} / {f.TokenF1:F3}</td>") : "<td></td>");
                    html.Append("</tr>\n");
                }

                html.Append("</table>\n");
            }
        }

        if (report.Worst.Count > 0)
        {
            html.Append("<h2>The task model's worst examples</h2>\n<table><tr><th>score</th><th>input</th><th>reference</th><th>task model</th></tr>\n");
            foreach (var w in report.Worst)
                html.Append(C, $"<tr><td>{w.Score:F3}</td><td><pre>{E(Cut(w.Input))}</pre></td><td><pre>{E(Cut(w.Reference))}</pre></td><td><pre>{E(Cut(w.Output))}</pre></td></tr>\n");
            html.Append("</table>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Bars(WritingEvalReport report, string metric)
    {
        var rows = report.Systems.Where(s => s.Error is null).ToList();
        if (rows.Count == 0) return "";
        const int Width = 420, Row = 24, Label = 150;
        var svg = new StringBuilder();
        svg.Append(C, $"<svg width=\"{Label + Width + 70}\" height=\"{rows.Count * Row + 10}\" role=\"img\" aria-label=\"{E(metric)} by system\">");
        for (int i = 0; i < rows.Count; i++)
        {
            double w = Math.Clamp(rows[i].Primary, 0, 1) * Width;
            string color = rows[i].IsTaskModel ? "#4e79a7" : "#bab0ac";
            svg.Append(C, $"<text x=\"0\" y=\"{i * Row + 17}\" font-size=\"13\">{E(rows[i].Name)}</text>");
            svg.Append(C, $"<rect x=\"{Label}\" y=\"{i * Row + 4}\" width=\"{w:F1}\" height=\"{Row - 8}\" fill=\"{color}\"/>");
            svg.Append(C, $"<text x=\"{Label + w + 6:F1}\" y=\"{i * Row + 17}\" font-size=\"12\">{rows[i].Primary:F3}</text>");
        }

        svg.Append("</svg>");
        return $"<h3>{E(metric)}</h3>\n{svg}\n";
    }

    private static string Cut(string text) => text.Length <= 1500 ? text : text[..1500] + " …";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
