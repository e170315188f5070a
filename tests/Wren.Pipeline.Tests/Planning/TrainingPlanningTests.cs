using Wren.Eval.Planning;
using Wren.Pipeline.Planning;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Tests.Planning;

public sealed class TrainingPlanningTests
{
    private static (TrainingPlanResult Plan, List<string> Notes) Run(TrainingPlanRequest request)
    {
        var notes = new List<string>();
        return (TrainingPlanning.Run(request, NullProgressSink.Instance, notes.Add, CancellationToken.None), notes);
    }

    [Fact]
    public void AGpuPlanIsThePlannersEstimateOfTheWrittenCountsAndMeasuresNothing()
    {
        var (plan, notes) = Run(new TrainingPlanRequest { Parameters = "2.7B", Tokens = "1.4T", Gpu = "A100-80GB", Gpus = 96, PricePerGpuHour = 2.06, Mfu = 0.6 });

        var expected = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = ModelShape.Create(2.7e9, null, null, 32_000, 2048, null, null),
            Tokens = 1.4e12,
            Hardware = HardwareCatalog.Find("A100-80GB"),
            GpuCount = 96,
            PricePerGpuHour = 2.06,
            Mfu = 0.6,
        });
        Assert.Equal(expected.TrainingFlops, plan.Estimate.TrainingFlops);
        Assert.Equal(expected.CostUsd, plan.Estimate.CostUsd);
        Assert.Equal(1.4e12, plan.Tokens.Tokens, precision: 0);
        Assert.Null(plan.Estimate.Plan.Cpu);
        Assert.Empty(notes);
    }

    [Fact]
    public void WithoutTokensTheModelIsSizedFromItsShapeAndGetsChinchillasTokens()
    {
        var (plan, _) = Run(new TrainingPlanRequest { Layers = 12, Hidden = 768, Vocabulary = 50_257, SequenceLength = 1024, Gpu = "H100" });

        Assert.True(plan.Tokens.IsChinchillaDefault);
        Assert.True(plan.Estimate.Plan.Model.ShapeKnown);
        Assert.Equal(20 * plan.Estimate.Plan.Model.Parameters, plan.Estimate.Plan.Tokens);
    }

    [Fact]
    public void TheCpuAsHardwareIsMeasuredFirstAndSaysSo()
    {
        var (plan, notes) = Run(new TrainingPlanRequest { Parameters = "10M", Tokens = "1B", Gpu = "CPU" });

        Assert.True(plan.Estimate.Plan.Hardware.IsMeasured);
        Assert.NotNull(plan.Estimate.Plan.Cpu);
        Assert.Equal(["Measuring this CPU (copy bandwidth, SGEMM)..."], notes);
    }

    [Fact]
    public void AnUnknownGpuOrAMisspelledCountIsRefusedBeforeAnythingIsMeasured()
    {
        var notes = new List<string>();
        Assert.Throws<WrenException>(() => TrainingPlanning.Run(new TrainingPlanRequest { Parameters = "10M", Gpu = "no-such-gpu", Measure = true }, NullProgressSink.Instance, notes.Add, CancellationToken.None));
        Assert.Throws<WrenException>(() => TrainingPlanning.Run(new TrainingPlanRequest { Parameters = "10 apples", Gpu = "H100" }, NullProgressSink.Instance, notes.Add, CancellationToken.None));
        Assert.Empty(notes);
    }

    [Fact]
    public void OnlyTheWordListAsksForTheCatalog()
    {
        Assert.True(TrainingPlanning.IsCatalogRequest("LIST"));
        Assert.False(TrainingPlanning.IsCatalogRequest("H100"));
    }
}
