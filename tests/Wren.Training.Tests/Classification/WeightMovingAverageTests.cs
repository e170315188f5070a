using Wren.Training.Classification;

namespace Wren.Training.Tests.Classification;

public sealed class WeightMovingAverageTests
{
    [Fact]
    public void TheAverageFollowsTheWeightsWithTheDecayOnceWarmedUp()
    {
        var average = new WeightMovingAverage([0f, 10f], decay: 0.9);
        // Warm-up: decay min(0.9, (1 + t) / (10 + t)); t = 1 gives 2/11.
        average.Update([1f, 10f]);
        float[] swapped = [0f, 0f];
        average.Exchange(swapped);
        Assert.Equal(1f - 2f / 11f, swapped[0], 1e-6f);
        Assert.Equal(10f, swapped[1], 1e-6f);
        average.Exchange(swapped);
        Assert.Equal([0f, 0f], swapped);

        // Far past the warm-up the decay is 0.9 itself: one more step moves the average a tenth of the way.
        for (int t = 0; t < 200; t++) average.Update([1f, 10f]);
        average.Update([11f, 10f]);
        average.Exchange(swapped);
        Assert.Equal(2f, swapped[0], 1e-4f);
    }

    [Fact]
    public void ExchangingTwiceGivesTrainingItsOwnWeightsBack()
    {
        var average = new WeightMovingAverage([1f, 2f, 3f], decay: 0.99);
        average.Update([4f, 5f, 6f]);
        float[] live = [4f, 5f, 6f];
        average.Exchange(live);
        Assert.NotEqual(4f, live[0]);
        average.Exchange(live);
        Assert.Equal([4f, 5f, 6f], live);
    }

    [Fact]
    public void ADecayOutsideZeroToOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightMovingAverage([1f], decay: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightMovingAverage([1f], decay: 0));
    }
}
