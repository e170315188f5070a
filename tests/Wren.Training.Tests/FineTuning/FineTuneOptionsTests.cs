using Wren.Runtime;
using Wren.Training.FineTuning;

namespace Wren.Training.Tests.FineTuning;

public sealed class FineTuneOptionsTests
{
    [Fact]
    public void WithNothingToBoundItARunIsThreeEpochs() =>
        Assert.Equal(FineTuneOptions.DefaultEpochs, FineTuneOptions.EpochsFor(steps: null, epochs: null, limit: null));

    [Fact]
    public void StepsOrATimeLimitBoundTheRunInsteadOfEpochs()
    {
        Assert.Null(FineTuneOptions.EpochsFor(steps: 40, epochs: null, limit: null));
        Assert.Null(FineTuneOptions.EpochsFor(steps: null, epochs: null, limit: TimeSpan.FromMinutes(5)));
        Assert.Equal(1.5, FineTuneOptions.EpochsFor(steps: null, epochs: 1.5, limit: TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void StepsAndEpochsTogetherAreAnErrorNamingBoth()
    {
        var e = Assert.Throws<WrenException>(() => FineTuneOptions.EpochsFor(steps: 10, epochs: 2, limit: null));
        Assert.Contains("--steps and --epochs", e.Message);
    }
}
