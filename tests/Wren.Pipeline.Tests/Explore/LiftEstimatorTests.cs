using Wren.Pipeline.Explore;

namespace Wren.Pipeline.Tests.Explore;

public sealed class LiftEstimatorTests
{
    /// <summary>A baseline whose error follows error = 2·n^-0.5 exactly, at 100, 300 and 1,000 training examples.</summary>
    private static BaselineResult PowerLaw(int examples = 1250) =>
        new("tfidf_logreg", 1 - 2 / Math.Sqrt(1000), 0.9, 0.5, 5, examples)
        {
            Curve = [new CurvePoint(0.1, 100, 1 - 2 / Math.Sqrt(100)), new CurvePoint(0.3, 300, 1 - 2 / Math.Sqrt(300)), new CurvePoint(1, 1000, 1 - 2 / Math.Sqrt(1000))],
        };

    [Fact]
    public void APowerLawCurveIsExtrapolatedToAllTheExamplesTheBaselineDidNotSee()
    {
        // The baseline saw 1,250 of 5,000 examples: the task trains on 4/5 of 5,000 = 4,000.
        var lift = LiftEstimator.Estimate(PowerLaw(), examples: 5000)!;
        Assert.Equal(4000, lift.TrainingExamples);
        Assert.Equal(0.5, lift.Exponent, 6);
        Assert.Equal(1 - 2 / Math.Sqrt(4000), lift.ExpectedAccuracy, 6);
        Assert.True(lift.Lift > 0.02, $"lift {lift.Lift}");
        Assert.StartsWith("Estimate from the baseline's learning curve (100, 300, 1,000 training examples", lift.Basis, StringComparison.Ordinal);
        Assert.Contains("all 5,000 examples", lift.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheBaselineSawEveryExampleTheEstimateIsForTwiceAsManyLabelled()
    {
        var lift = LiftEstimator.Estimate(PowerLaw(), examples: 1250)!;
        Assert.Equal(2000, lift.TrainingExamples);
        Assert.Equal(1 - 2 / Math.Sqrt(2000), lift.ExpectedAccuracy, 6);
        Assert.Contains("twice the labelled examples", lift.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtrapolationStopsAtTenTimesTheMeasuredSize()
    {
        var lift = LiftEstimator.Estimate(PowerLaw(), examples: 1_000_000)!;
        Assert.Equal(10_000, lift.TrainingExamples);
        Assert.Equal(1 - 2 / Math.Sqrt(10_000), lift.ExpectedAccuracy, 6);
    }

    [Fact]
    public void ACurveThatDoesNotRiseExpectsNoLift()
    {
        var flat = new BaselineResult("tfidf_logreg", 0.6, 0.5, 0.55, 5, 2000)
        {
            Curve = [new CurvePoint(0.1, 160, 0.62), new CurvePoint(0.3, 480, 0.61), new CurvePoint(1, 1600, 0.6)],
        };
        var lift = LiftEstimator.Estimate(flat, examples: 50_000)!;
        Assert.Equal(0, lift.Lift);
        Assert.Contains("no lift expected", lift.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTwoCurvePointsThereIsNoEstimate()
    {
        var single = new BaselineResult("tfidf_logreg", 0.8, 0.7, 0.5, 5, 100) { Curve = [new CurvePoint(1, 80, 0.8)] };
        Assert.Null(LiftEstimator.Estimate(single, examples: 1000));
    }
}
