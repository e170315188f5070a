using System.Globalization;
using System.Net;
using System.Text;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Reports;

/// <summary>
/// <c>eval.html</c>: one self-contained page (inline CSS and SVG, no scripts, no downloads) with a bar chart
/// per task and headline metric, one bar per model, and the full table of numbers.
/// </summary>
public static class EvalHtmlReport
{
    private static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

    public static void Write(EvalReport report, string path) => AtomicFile.WriteAllText(path, Render(report));

    public static string Render(EvalReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Wren evaluation</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}h2{margin-top:1.6em}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".chart{display:inline-block;margin:0 2em 1em 0;vertical-align:top}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}")
            .Append("</style></head><body>\n<h1>Wren evaluation</h1>\n");
        html.Append("<p>").Append(Encode(report.CreatedUtc.ToString("u", CultureInfo.InvariantCulture)));
        if (report.BaseModel is { } b) html.Append(" &middot; base model: <code>").Append(Encode(b)).Append("</code>");
        html.Append("</p>\n<p class=\"legend\">");
        for (int m = 0; m < report.Models.Count; m++)
            html.Append("<span style=\"background:").Append(Colors[m % Colors.Length]).Append("\"></span><code>").Append(Encode(report.Models[m].Model)).Append("</code>");
        html.Append("</p>\n");

        foreach (string task in TaskNames(report))
        {
            html.Append("<h2>").Append(Encode(task)).Append("</h2>\n");
            foreach (string metric in MetricNames(report, task))
            {
                if (!MetricInfo.IsHeadline(metric)) continue;
                html.Append("<div class=\"chart\">").Append(Chart(report, task, metric)).Append("</div>\n");
            }
        }

        html.Append("<h2>All numbers</h2>\n<table><tr><th>task</th><th>metric</th>");
        foreach (var m in report.Models) html.Append("<th>").Append(Encode(m.Model)).Append("</th>");
        html.Append("</tr>\n");
        foreach (string task in TaskNames(report))
        {
            foreach (string metric in MetricNames(report, task))
            {
                html.Append("<tr><td>").Append(Encode(task)).Append("</td><td>").Append(Encode(metric)).Append("</td>");
                foreach (var m in report.Models)
                {
                    string cell = m.Find(task)?.Metrics.TryGetValue(metric, out double v) == true ? Format(v) : "";
                    html.Append("<td>").Append(cell).Append("</td>");
                }
                html.Append("</tr>\n");
            }
        }
        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    private static string Chart(EvalReport report, string task, string metric)
    {
        const int barHeight = 22, labelWidth = 8, chartWidth = 320, valueWidth = 70;
        var values = new List<(int Index, double Value)>();
        for (int m = 0; m < report.Models.Count; m++)
        {
            if (report.Models[m].Find(task)?.Metrics.TryGetValue(metric, out double v) == true && double.IsFinite(v)) values.Add((m, v));
        }
        double max = values.Count == 0 ? 1 : Math.Max(values.Max(x => x.Value), 1e-12);
        int height = 24 + values.Count * (barHeight + 4);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + chartWidth + valueWidth}\" height=\"{height}\" role=\"img\">");
        string direction = MetricInfo.LowerIsBetter(metric) ? "lower is better" : "higher is better";
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">{Encode(metric)}</text><text x=\"{labelWidth + chartWidth + valueWidth}\" y=\"14\" font-size=\"11\" text-anchor=\"end\" fill=\"#666\">{direction}</text>");
        int y = 22;
        foreach (var (index, value) in values)
        {
            double w = Math.Max(1, chartWidth * Math.Max(0, value) / max);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{w:F1}\" height=\"{barHeight}\" fill=\"{Colors[index % Colors.Length]}\"><title>{Encode(report.Models[index].Model)}: {Format(value)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + w + 4:F1}\" y=\"{y + barHeight - 6}\" font-size=\"12\">{Format(value)}</text>");
            y += barHeight + 4;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static List<string> TaskNames(EvalReport report) => report.Models.SelectMany(m => m.Tasks).Select(t => t.Task).Distinct().ToList();

    private static List<string> MetricNames(EvalReport report, string task) =>
        report.Models.Select(m => m.Find(task)).Where(t => t is not null).SelectMany(t => t!.Metrics.Keys).Distinct().ToList();

    private static string Format(double v) => Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
