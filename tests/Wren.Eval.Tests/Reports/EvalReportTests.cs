using Wren.Eval.Reports;

namespace Wren.Eval.Tests.Reports;

public sealed class EvalReportTests
{
    private static TaskScore Score(string task, params (string Metric, double Value)[] metrics) => new()
    {
        Task = task,
        Kind = "MultipleChoice",
        Count = 10,
        Metrics = metrics.ToDictionary(m => m.Metric, m => m.Value),
        Seconds = 2,
    };

    private static EvalReport Report() => new()
    {
        BaseModel = "base",
        Models =
        [
            new ModelReport { Model = "base", Parameters = 1, Tasks = [Score("cloze:val", ("acc", 0.40)), Score("ppl:val", ("bits_per_byte", 1.50))] },
            new ModelReport { Model = "tuned<1>", Parameters = 1, Tasks = [Score("cloze:val", ("acc", 0.55)), Score("ppl:val", ("bits_per_byte", 1.60))] },
        ],
        Settings = new Dictionary<string, string> { ["shots"] = "0" },
    };

    [Fact]
    public void DeltasAreTakenAgainstTheBaseModel()
    {
        var report = Report();
        Assert.Equal(0.15, report.Delta(report.Models[1], "cloze:val", "acc")!.Value, 1e-12);
        Assert.Equal(0.10, report.Delta(report.Models[1], "ppl:val", "bits_per_byte")!.Value, 1e-12);
        Assert.Null(report.Delta(report.Models[0], "cloze:val", "acc"));
        Assert.Null(report.Delta(report.Models[1], "cloze:val", "acc_norm"));
    }

    [Fact]
    public void TheJsonRoundTripsWithHarnessMetricNames()
    {
        string json = EvalReportJson.Serialize(Report());
        Assert.Contains("\"bits_per_byte\": 1.5", json);
        Assert.Contains("\"base_model\": \"base\"", json);
        var back = EvalReportJson.Deserialize(json)!;
        Assert.Equal(0.55, back.Models[1].Find("cloze:val")!.Metrics["acc"]);
    }

    [Fact]
    public void TheHtmlIsSelfContainedWithOneBarPerModelAndEscapedNames()
    {
        string html = EvalHtmlReport.Render(Report());
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.Contains("tuned&lt;1&gt;", html);
        Assert.DoesNotContain("tuned<1>", html);
        // Two headline metrics (acc, bits_per_byte), two models: four bars.
        Assert.Equal(4, html.Split("<rect ").Length - 1);
        Assert.Contains("lower is better", html);
    }
}
