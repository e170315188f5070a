using Wren.Pipeline.Training;

namespace Wren.Pipeline.Tests.Training;

public sealed class LossPlotTests
{
    [Fact]
    public void TheLegendStandsBesideTheCurvesNotOnThem()
    {
        string metrics = Path.Combine(Path.GetTempPath(), "wren-loss-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl");
        File.WriteAllLines(metrics, Enumerable.Range(1, 20).Select(s =>
            $$"""{"step":{{s}},"train_loss":{{(8.0 - s * 0.2).ToString(System.Globalization.CultureInfo.InvariantCulture)}}{{(s % 5 == 0 ? ",\"val_loss\":7" : "")}}}"""));

        var plot = LossPlot.Build(metrics)!;

        Assert.False(plot.Legend.IsVisible, "no legend inside the data area");
        var panel = Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>());
        Assert.Equal(ScottPlot.Edge.Right, panel.Edge);
    }
}
