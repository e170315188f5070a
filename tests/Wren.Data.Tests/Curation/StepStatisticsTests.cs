using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Tests.Curation;

public sealed class StepStatisticsTests
{
    [Fact]
    public void TopRulesAreTheMostDroppingFirstWithTiesByName()
    {
        var step = new StepStatistics { Step = "gopher_quality" };
        foreach (var (rule, count) in new[] { ("b_rule", 5L), ("a_rule", 5L), ("rare", 1L), ("most", 9L) })
        {
            step.Dropped[rule] = count;
        }

        Assert.Equal(["most", "a_rule", "b_rule"], step.TopRules(3).Select(kv => kv.Key));
        Assert.Equal([9L, 5L, 5L], step.TopRules(3).Select(kv => kv.Value));
        Assert.Equal(4, step.TopRules(10).Count);
        Assert.Equal(20, step.DroppedTotal);
    }

    [Fact]
    public void TheRateIsInputMegabytesPerSecondAndZeroForAStepThatTookNoTime()
    {
        var step = new StepStatistics { Step = "c4", BytesIn = 30_000_000, Seconds = 2 };
        Assert.Equal(15.0, step.MegabytesPerSecond);
        Assert.Equal(0.0, new StepStatistics { Step = "c4", BytesIn = 30_000_000 }.MegabytesPerSecond);
    }
}
