using System.Globalization;
using System.Net;
using System.Text;
using Wren.Eval.Reports;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Classification;

/// <summary>
/// <c>task.html</c>: one self-contained page (inline CSS and SVG, no scripts): the verdict in one sentence, the table of
/// the task model and its baselines (accuracy, macro-F1, latency, size), per-label precision and recall, the confusion
/// matrix as a heat map, the worst errors (wrong and most confident) with their inputs, and the learning curve.
/// </summary>
public static class TaskHtmlReport
{
    private static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"];
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Write(TaskEvalReport report, string path) => AtomicFile.WriteAllText(path, Render(report));

    public static string Render(TaskEvalReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Task ").Append(E(report.Task)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}table{border-collapse:collapse;margin:.5em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".verdict{font-size:1.15em;padding:.6em 1em;border-left:5px solid}.win{border-color:#59a14f;background:#eef7ec}.lose{border-color:#e15759;background:#fcecec}")
            .Append(".best{font-weight:bold}.heat td{text-align:center;min-width:2.2em}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em;max-height:14em;overflow:auto;text-align:left}")
            .Append("</style></head><body>\n");
        html.Append("<h1>Task: ").Append(E(report.Task)).Append("</h1>\n");
        html.Append(C, $"<p>{report.Labels.Count} labels, {report.Test.Count:N0} test examples.</p>\n");
        html.Append("<p class=\"verdict ").Append(report.Outcome is VerdictOutcome.ModelWins or VerdictOutcome.Tie ? "win" : "lose").Append("\">").Append(E(report.Verdict)).Append("</p>\n");

        html.Append("<h2>Task model and baselines</h2>\n<table><tr><th>system</th><th>accuracy</th><th>macro-F1</th><th>latency p50</th><th>latency p95</th><th>size on disk</th></tr>\n");
        var rows = report.Systems;
        foreach (var r in rows)
        {
            string best = report.IsBest(r) ? " class=\"best\"" : "";
            html.Append(C, $"<tr><td>{E(r.Description)}</td><td{best}>{r.Metrics.Accuracy:P1}</td><td>{r.Metrics.MacroF1:F3}</td><td>{r.LatencyP50Ms:F2} ms</td><td>{r.LatencyP95Ms:F2} ms</td><td>{Size(r.SizeBytes)}</td></tr>\n");
        }

        html.Append("</table>\n<p>Every system is trained on the same training examples and measured on the same test examples; latency is per example, one at a time on one thread of this machine.</p>\n");
        if (report.Training.Count > 0)
        {
            html.Append("<p>Training: ").Append(E(string.Join(", ", report.Training.Where(p => TrainingKeys.Contains(p.Key)).Select(p => $"{p.Key.Replace('_', ' ')} {Number(p.Value)}")))).Append("</p>\n");
        }

        if (report.LearningCurve.Count > 0) html.Append("<h2>Learning curve</h2>\n").Append(Curve(report.LearningCurve)).Append('\n');
        foreach (var r in rows.Where(r => r.Name is "task_model" or "tfidf_logreg"))
        {
            html.Append("<h2>").Append(E(r.Description)).Append(": per label</h2>\n<table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
            foreach (var c in r.Metrics.PerClass)
                html.Append(C, $"<tr><td>{E(c.Label)}</td><td>{c.Precision:F3}</td><td>{c.Recall:F3}</td><td>{c.F1:F3}</td><td>{c.Support}</td></tr>\n");
            html.Append("</table>\n");
        }

        if (rows.Count > 0)
        {
            var main = report.Model ?? report.BestBaseline!;
            html.Append("<h2>Confusion matrix: ").Append(E(main.Description)).Append("</h2>\n<p>Rows: the right label; columns: the predicted one; shading: share of the row.</p>\n")
                .Append(Heat(main.Metrics)).Append('\n');
            html.Append("<h2>Worst errors: ").Append(E(main.Description)).Append("</h2>\n").Append(Errors(report, main)).Append('\n');
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static readonly HashSet<string> TrainingKeys = ["parameters", "train_examples", "wall_seconds", "cpu_seconds", "load_average", "pretrain_tokens", "finetune_epochs", "validation_accuracy"];

    private static string Heat(ClassificationMetrics m)
    {
        var html = new StringBuilder("<table class=\"heat\"><tr><th>right \\ predicted</th>");
        foreach (string l in m.Labels) html.Append("<th>").Append(E(Short(l))).Append("</th>");
        html.Append("</tr>\n");
        for (int g = 0; g < m.Labels.Count; g++)
        {
            int total = m.Confusion[g].Sum();
            html.Append("<tr><th>").Append(E(Short(m.Labels[g]))).Append("</th>");
            for (int p = 0; p < m.Labels.Count; p++)
            {
                int n = m.Confusion[g][p];
                double share = total == 0 ? 0 : (double)n / total;
                string color = g == p ? "78,121,167" : "225,87,89";
                string text = share > 0.55 ? "#fff" : "#222";
                html.Append(C, $"<td style=\"background:rgba({color},{share:F3});color:{text}\" title=\"{n} of {total}\">{(n == 0 ? "" : n.ToString(C))}</td>");
            }

            html.Append("</tr>\n");
        }

        return html.Append("</table>").ToString();
    }

    private static string Errors(TaskEvalReport report, ClassifierResult r)
    {
        var wrong = Enumerable.Range(0, report.Test.Count)
            .Where(n => r.Predictions[n].Label != report.Test[n].Label)
            .OrderByDescending(n => r.Predictions[n].Confidence).Take(10).ToList();
        if (wrong.Count == 0) return "<p>None: every test example was right.</p>";
        var html = new StringBuilder("<p>Wrong answers, most confident first.</p>\n<table><tr><th>right label</th><th>predicted</th><th>confidence</th><th>input</th></tr>\n");
        foreach (int n in wrong)
        {
            string input = report.Test[n].Input;
            if (input.Length > 600) input = input[..600] + " ...";
            html.Append(C, $"<tr><td>{E(report.Test[n].Label)}</td><td>{E(r.Predictions[n].Label)}</td><td>{r.Predictions[n].Confidence:P0}</td><td><pre>{E(input)}</pre></td></tr>\n");
        }

        return html.Append("</table>").ToString();
    }

    private static string Curve(IReadOnlyList<LearningCurvePoint> points)
    {
        const int width = 520, height = 260, left = 50, right = 170, top = 16, bottom = 36;
        var fractions = points.Select(p => p.Fraction).Distinct().Order().ToList();
        double lo = Math.Max(0, Math.Floor(points.Min(p => p.Accuracy) * 10 - 0.5) / 10), hi = 1.0;
        double X(double f) => left + (fractions.Count == 1 ? 0 : fractions.IndexOf(f) * (width - left - right) / (double)(fractions.Count - 1));
        double Y(double a) => top + (hi - a) / Math.Max(1e-9, hi - lo) * (height - top - bottom);
        var svg = new StringBuilder();
        svg.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" font-size=\"12\">");
        for (double a = lo; a <= hi + 1e-9; a += 0.1)
            svg.Append(C, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(a):F1}\" y2=\"{Y(a):F1}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{Y(a) + 4:F1}\" text-anchor=\"end\">{a:P0}</text>");
        foreach (double f in fractions)
        {
            int examples = points.First(p => p.Fraction == f).Examples;
            svg.Append(C, $"<text x=\"{X(f):F1}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{f:P0} ({examples:N0})</text>");
        }

        svg.Append(C, $"<text x=\"{(left + width - right) / 2}\" y=\"{height - 4}\" text-anchor=\"middle\" fill=\"#666\">share of the training examples</text>");
        var systems = points.Select(p => p.System).Distinct().ToList();
        for (int s = 0; s < systems.Count; s++)
        {
            string color = Colors[s % Colors.Length];
            var line = points.Where(p => p.System == systems[s]).OrderBy(p => p.Fraction).ToList();
            svg.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"2\" points=\"")
                .Append(string.Join(" ", line.Select(p => string.Create(C, $"{X(p.Fraction):F1},{Y(p.Accuracy):F1}")))).Append("\"/>");
            foreach (var p in line)
                svg.Append(C, $"<circle cx=\"{X(p.Fraction):F1}\" cy=\"{Y(p.Accuracy):F1}\" r=\"3.5\" fill=\"{color}\"><title>{E(p.System)}: {p.Accuracy:P1} with {p.Examples:N0} examples</title></circle>");
            svg.Append(C, $"<rect x=\"{width - right + 14}\" y=\"{top + 18 * s}\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{width - right + 32}\" y=\"{top + 18 * s + 11}\">{E(systems[s])}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Short(string label) => label.Length <= 18 ? label : label[..16] + "…";

    private static string Size(long bytes) => bytes switch
    {
        0 => "-",
        < 1 << 20 => string.Create(C, $"{bytes / 1024.0:F0} KiB"),
        _ => string.Create(C, $"{bytes / (1024.0 * 1024):F1} MiB"),
    };

    private static string Number(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? v.ToString("N0", C) : v.ToString("0.###", C);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
