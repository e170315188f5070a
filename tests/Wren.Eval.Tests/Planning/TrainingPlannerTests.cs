using Wren.Eval.Planning;
using Wren.Runtime;

namespace Wren.Eval.Tests.Planning;

public sealed class TrainingPlannerTests
{
    private static TrainingPlan Plan(ModelShape? model = null) => new()
    {
        Model = model ?? ModelShape.Create(1e9, 24, 2048, sequenceLength: 2048),
        Tokens = 20e9,
        Hardware = HardwareCatalog.Find("H100"),
        GpuCount = 8,
        PricePerGpuHour = 3,
        Mfu = 0.5,
    };

    [Fact]
    public void EpochsMultiplyTheTokensAndEverythingThatFollowsFromThem()
    {
        TrainingEstimate one = TrainingPlanner.Estimate(Plan());
        TrainingEstimate three = TrainingPlanner.Estimate(Plan() with { Epochs = 3 });

        Assert.Equal(3 * one.TrainingFlops, three.TrainingFlops, 1e6);
        Assert.Equal(3 * one.Days, three.Days, 9);
        Assert.Equal(3 * one.CostUsd!.Value, three.CostUsd!.Value, 6);
        Assert.Equal(3 * one.Chinchilla.Ratio, three.Chinchilla.Ratio, 9);
    }

    [Fact]
    public void TimeGpuHoursAndCostFollowFromFlopsPeakAndMfu()
    {
        TrainingEstimate e = TrainingPlanner.Estimate(Plan());

        double flops = (6 * 1e9 + 6.0 * 24 * 2048 * 2048) * 20e9;
        double seconds = flops / (8 * 989.4e12 * 0.5);
        Assert.Equal(flops, e.TrainingFlops, 1e3);
        Assert.Equal(seconds, e.Seconds, 6);
        Assert.Equal(seconds * 8 / 3600, e.GpuHours, 6);
        Assert.Equal(seconds * 8 / 3600 * 3, e.CostUsd!.Value, 6);
    }

    [Fact]
    public void DaysThatWouldNeedMoreThanThePeakAreAUserError()
    {
        var e = Assert.Throws<WrenException>(() => TrainingPlanner.Estimate(Plan() with { Days = 0.001 }));
        Assert.Contains("--days", e.Message);
    }

    [Fact]
    public void LongSequencesThatDoNotFitSwitchOnActivationCheckpointing()
    {
        TrainingEstimate shortSeq = TrainingPlanner.Estimate(Plan() with { MicroBatch = 1 });
        TrainingEstimate longBatch = TrainingPlanner.Estimate(Plan() with { MicroBatch = 64 });

        Assert.False(shortSeq.FullTraining.ActivationCheckpointing);
        Assert.True(longBatch.FullTraining.ActivationCheckpointing);
        Assert.True(longBatch.FullTraining.Fits);
    }

    [Fact]
    public void AMicroBatchTooBigForAnyShardingHasNoMinimumGpuCount()
    {
        // 64 sequences of 32k tokens: even checkpointed activations exceed one 24 GB L4.
        TrainingEstimate e = TrainingPlanner.Estimate(Plan(ModelShape.Create(1e9, 24, 2048, sequenceLength: 32_768))
            with { MicroBatch = 64, Hardware = HardwareCatalog.Find("L4") });

        Assert.Null(e.MinimumGpus);
        Assert.False(e.FullTraining.Fits);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void MfuOutsideZeroToOneIsAUserError(double mfu)
    {
        Assert.Throws<WrenException>(() => TrainingPlanner.Estimate(Plan() with { Mfu = mfu }));
    }

    [Fact]
    public void UnderTrainedPlansPointToASmallerComputeOptimalModel()
    {
        TrainingEstimate e = TrainingPlanner.Estimate(Plan(ModelShape.Create(10e9, null, null)) with { Tokens = 20e9 });

        Assert.Equal(0.1, e.Chinchilla.Ratio, 9);
        Assert.True(e.Chinchilla.ComputeOptimalParameters < 10e9);
        Assert.Equal(e.TrainingFlops, 6 * e.Chinchilla.ComputeOptimalParameters * e.Chinchilla.ComputeOptimalTokens, 1e6);
    }
}
