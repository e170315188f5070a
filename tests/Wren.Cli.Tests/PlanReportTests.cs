using Spectre.Console.Testing;
using Wren.Cli.Terminal;
using Wren.Eval.Planning;

namespace Wren.Cli.Tests;

public sealed class PlanReportTests
{
    private static string Render(TrainingPlan plan)
    {
        var console = new TestConsole().Width(160);
        PlanReport.Render(console, TrainingPlanner.Estimate(plan));
        return console.Output;
    }

    [Fact]
    public void GivenAKnownShapeWhenRenderedThenTheTablesShowTheFormulaCostMemoryAndEveryFormat()
    {
        string output = Render(new TrainingPlan
        {
            Model = ModelShape.Create(124_475_904, 12, 768, vocabulary: 50_257, sequenceLength: 1024),
            Tokens = 10e9,
            Hardware = HardwareCatalog.Find("A100-80GB"),
            GpuCount = 8,
            PricePerGpuHour = 1.75,
            Mfu = 0.6,
        });

        Assert.Contains("(6·N + 6·L·T·C)·D", output);
        Assert.Contains("8.03e18", output);
        Assert.Contains("1 h 29 min", output); // 89.4 minutes
        Assert.Contains("$21", output);
        Assert.Contains("QLoRA r=16", output);
        Assert.Contains("Chinchilla", output);
        foreach (WeightFormat f in WeightFormat.All)
        {
            Assert.Contains(f.Name, output);
        }
        Assert.DoesNotContain("this CPU", output);
    }

    [Fact]
    public void GivenOnlyParamsWhenRenderedThenItSaysTheShapeWasAssumedAndAsksForAPrice()
    {
        string output = Render(new TrainingPlan
        {
            Model = ModelShape.Create(2.7e9, null, null),
            Tokens = 1.4e12,
            Hardware = HardwareCatalog.Find("A100-80GB"),
            GpuCount = 96,
            Days = 14,
        });

        Assert.Contains("shape assumed", output);
        Assert.Contains("solved from --days", output);
        Assert.Contains("62.6", output); // implied MFU, percent
        Assert.Contains("give --price", output);
    }

    [Fact]
    public void CatalogListsEveryGpuWithItsSource()
    {
        var console = new TestConsole().Width(200);
        PlanReport.RenderCatalog(console, HardwareCatalog.Gpus);

        foreach (HardwareSpec gpu in HardwareCatalog.Gpus)
        {
            Assert.Contains(gpu.Name, console.Output);
            Assert.Contains(gpu.Source, console.Output);
        }
    }
}
