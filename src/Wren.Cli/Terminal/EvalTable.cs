using System.Globalization;
using Spectre.Console;
using Wren.Eval.Reports;

namespace Wren.Cli.Terminal;

/// <summary>The side-by-side table of an eval report: one row per task and headline metric, one column per model, and the change against the base (or first) model.</summary>
internal static class EvalTable
{
    public static Table Build(EvalReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("task").AddColumn("metric");
        for (int m = 0; m < report.Models.Count; m++)
        {
            var model = report.Models[m];
            string label = Markup.Escape(Path.GetFileName(Path.TrimEndingDirectorySeparator(model.Model)));
            if (report.BaseModel == model.Model) label += " [grey](base)[/]";
            table.AddColumn(new TableColumn(label).RightAligned());
            if (m > 0) table.AddColumn(new TableColumn(report.BaseModel is null ? "Δ vs first" : "Δ vs base").RightAligned());
        }

        var tasks = report.Models.SelectMany(m => m.Tasks).Select(t => t.Task).Distinct().ToList();
        foreach (string task in tasks)
        {
            var metrics = report.Models.Select(m => m.Find(task)).Where(t => t is not null).SelectMany(t => t!.Metrics.Keys).Distinct().Where(MetricInfo.IsHeadline).ToList();
            bool first = true;
            foreach (string metric in metrics)
            {
                var row = new List<string> { first ? Markup.Escape(task) : "", metric };
                for (int m = 0; m < report.Models.Count; m++)
                {
                    var model = report.Models[m];
                    row.Add(model.Find(task)?.Metrics.TryGetValue(metric, out double v) == true ? Format(v, metric) : "");
                    if (m > 0) row.Add(Delta(report.Delta(model, task, metric), metric));
                }
                table.AddRow(row.ToArray());
                first = false;
            }
        }
        return table;
    }

    private static string Format(double v, string metric) =>
        metric.StartsWith("acc", StringComparison.Ordinal) || metric is "exact_match" or "contains" or "extracted_match"
            ? v.ToString("P1", CultureInfo.InvariantCulture)
            : v.ToString(v >= 100 ? "F1" : "F4", CultureInfo.InvariantCulture);

    private static string Delta(double? delta, string metric)
    {
        if (delta is not { } d || !double.IsFinite(d)) return "";
        bool better = MetricInfo.LowerIsBetter(metric) ? d < 0 : d > 0;
        string color = d == 0 ? "grey" : better ? "green" : "red";
        string text = metric.StartsWith("acc", StringComparison.Ordinal) || metric is "exact_match" or "contains" or "extracted_match"
            ? (d * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt"
            : d.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
        return $"[{color}]{text}[/]";
    }
}
