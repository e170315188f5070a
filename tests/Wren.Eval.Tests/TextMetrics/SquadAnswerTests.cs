using Wren.Eval.TextMetrics;

namespace Wren.Eval.Tests.TextMetrics;

public sealed class SquadAnswerTests
{
    [Fact]
    public void NormalisationLowerCasesDropsPunctuationAndArticlesAndCollapsesSpace()
    {
        Assert.Equal("quick brown fox", SquadAnswer.Normalize("The  Quick, brown fox!"));
        Assert.Equal("anthem theory", SquadAnswer.Normalize("An anthem: a theory."));
        Assert.True(SquadAnswer.ExactMatch("the Eiffel Tower.", "Eiffel tower"));
        Assert.False(SquadAnswer.ExactMatch("Eiffel", "Eiffel tower"));
    }

    [Fact]
    public void TokenF1CountsSharedTokensAsABag()
    {
        // prediction {cat, sat}, reference {cat, sat, on, mat}: precision 1, recall 1/2.
        Assert.Equal(2.0 / 3, SquadAnswer.F1("the cat sat", "a cat sat on the mat"), 9);
        // A token shared once counts once even when the prediction repeats it: precision 1/3, recall 1/2.
        Assert.Equal(0.4, SquadAnswer.F1("cat cat cat", "cat mat"), 9);
        Assert.Equal(0, SquadAnswer.F1("dog", "cat"));
    }

    [Fact]
    public void TwoEmptyAnswersMatchAndOneEmptyScoresZeroAsSquadTwoDoes()
    {
        Assert.Equal(1, SquadAnswer.F1("", "the"));
        Assert.Equal(0, SquadAnswer.F1("", "cat"));
        Assert.Equal(0, SquadAnswer.F1("cat", ""));
    }
}
