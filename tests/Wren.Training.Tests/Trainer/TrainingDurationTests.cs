using Wren.Runtime;
using Wren.Training.Trainer;

namespace Wren.Training.Tests.Trainer;

public sealed class TrainingDurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 2M ", 120)]
    [InlineData("00:30:00", 1800)]
    public void SecondsMinutesHoursAndTimeSpansAreRead(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TrainingDuration.Parse(text));

    [Theory]
    [InlineData("0m")]
    [InlineData("-5s")]
    [InlineData("ten minutes")]
    public void AnythingElseIsAnErrorThatShowsHowToWriteOne(string text)
    {
        var e = Assert.Throws<WrenException>(() => TrainingDuration.Parse(text));
        Assert.Contains("is not a duration (examples: 90s, 10m, 1.5h, 00:30:00)", e.Message);
    }
}
