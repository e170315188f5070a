using Wren.Training.Trainer;

namespace Wren.Training.Tests.Trainer;

public sealed class TrainerOptionsTests
{
    [Fact]
    public void StepsAskedForAreTakenAsTheyAreEvenWithATimeLimit() =>
        Assert.Equal(250, TrainerOptions.StepsFor(250, TimeSpan.FromMinutes(5)));

    [Fact]
    public void ATimeLimitAloneLeavesTheStepsToTheLimit() =>
        Assert.Equal(TrainerOptions.UntilTheLimit, TrainerOptions.StepsFor(null, TimeSpan.FromMinutes(5)));

    [Fact]
    public void NeitherStepsNorTimeRunsTheDefaultThousandSteps() =>
        Assert.Equal(1000, TrainerOptions.StepsFor(null, null));
}
