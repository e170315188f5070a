using System.Text.Json;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Training;

/// <summary>Renders RUN/loss.png (train and validation loss against step) from RUN/metrics.jsonl with ScottPlot.</summary>
internal static class LossPlot
{
    public static void Render(string metricsPath, string pngPath)
    {
        if (Build(metricsPath) is not { } plot) return;
        string temp = AtomicFile.TempPathFor(pngPath);
        plot.SavePng(temp, 900, 540);
        AtomicFile.Commit(temp, pngPath);
    }

    /// <summary>The plot of a metrics.jsonl, or null when it has no step yet.</summary>
    internal static ScottPlot.Plot? Build(string metricsPath)
    {
        var steps = new List<double>();
        var train = new List<double>();
        var valSteps = new List<double>();
        var val = new List<double>();
        foreach (var line in File.ReadLines(metricsPath))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            double step = root.GetProperty("step").GetDouble();
            steps.Add(step);
            train.Add(root.GetProperty("train_loss").GetDouble());
            if (root.TryGetProperty("val_loss", out var v))
            {
                valSteps.Add(step);
                val.Add(v.GetDouble());
            }
        }

        if (steps.Count == 0) return null;
        var plot = new ScottPlot.Plot();
        var trainLine = plot.Add.Scatter(steps.ToArray(), train.ToArray());
        trainLine.LegendText = "train";
        trainLine.MarkerSize = 0;
        if (val.Count > 0)
        {
            var valLine = plot.Add.Scatter(valSteps.ToArray(), val.ToArray());
            valLine.LegendText = "validation";
            valLine.MarkerSize = 5;
        }

        plot.Title("Loss");
        plot.XLabel("step");
        plot.YLabel("cross-entropy (nats/token)");
        // Beside the data area, not in it: inside, the legend hid the start of the curves, where loss is highest.
        plot.ShowLegend(ScottPlot.Edge.Right);
        return plot;
    }
}
