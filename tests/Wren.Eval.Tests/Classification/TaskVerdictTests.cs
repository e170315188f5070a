using Wren.Eval.Classification;

namespace Wren.Eval.Tests.Classification;

public sealed class TaskVerdictTests
{
    [Fact]
    public void ABaselineAboveTheModelIsSaidToWinWithItsMargin()
    {
        Assert.True(TaskVerdict.BaselineWins(0.70, 0.81));
        Assert.Equal("The baseline wins: TF-IDF reaches 81.0 % accuracy, 11.0 points above the task model (70.0 %). Use the baseline, or give the model more data or time.",
            TaskVerdict.Say(0.70, "TF-IDF", 0.81));
    }

    [Fact]
    public void TheModelAboveTheBestBaselineWinsAndWithinATwentiethOfAPointItIsATie()
    {
        Assert.StartsWith("The task model wins: accuracy 95.0 %, 2.0 points above the best baseline, TF-IDF (93.0 %)", TaskVerdict.Say(0.95, "TF-IDF", 0.93), StringComparison.Ordinal);
        Assert.StartsWith("A tie", TaskVerdict.Say(0.9302, "TF-IDF", 0.93), StringComparison.Ordinal);
        Assert.False(TaskVerdict.ModelWins(0.9302, 0.93));
        Assert.False(TaskVerdict.BaselineWins(0.9302, 0.93));
    }
}
