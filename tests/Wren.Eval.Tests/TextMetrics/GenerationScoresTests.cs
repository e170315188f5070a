using Wren.Eval.TextMetrics;

namespace Wren.Eval.Tests.TextMetrics;

public sealed class GenerationScoresTests
{
    [Fact]
    public void EveryMetricIsOneForIdenticalTextsAndAveragesOverExamples()
    {
        var same = GenerationScores.Of(["Thanks, fixed in 2.1.", "See you Monday"], ["Thanks, fixed in 2.1.", "See you Monday"]);
        Assert.Equal(1, same.ExactMatch);
        Assert.Equal(1, same.TokenF1);
        Assert.Equal(1, same.RougeL);
        Assert.Equal(100, same.ChrF, 9);

        var half = GenerationScores.Of(["Thanks, fixed in 2.1.", "nothing alike"], ["Thanks, fixed in 2.1.", "See you Monday"]);
        Assert.Equal(0.5, half.ExactMatch);
        Assert.Equal(0.5, half.RougeL, 9);
        Assert.InRange(half.ChrF, 1, 99);
    }
}
