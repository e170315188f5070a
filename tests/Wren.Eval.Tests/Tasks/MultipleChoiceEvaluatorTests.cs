using Wren.Eval.Tasks;

namespace Wren.Eval.Tests.Tasks;

public sealed class MultipleChoiceEvaluatorTests
{
    [Fact]
    public void ALongChoiceWinsAccNormOnLoglikelihoodPerCharacterButNotAccOnTheSum()
    {
        string[] choices = ["no", "the House of Representatives"];
        // Sums: -4 beats -9; per character: -9/28 = -0.32 beats -4/2 = -2.
        var scores = MultipleChoiceEvaluator.Pick([-4.0, -9.0], choices, gold: 1);
        Assert.Equal(0, scores.Predicted);
        Assert.Equal(1, scores.PredictedNorm);
        Assert.False(scores.Correct);
        Assert.True(scores.CorrectNorm);
    }

    [Fact]
    public void TiesGoToTheFirstChoiceLikeNumpyArgmax()
    {
        var scores = MultipleChoiceEvaluator.Pick([-2.0, -2.0], ["ab", "cd"], gold: 1);
        Assert.Equal(0, scores.Predicted);
        Assert.Equal(0, scores.PredictedNorm);
    }

    [Fact]
    public void WithTheModelAccAndAccNormFollowTheLoglikelihoodsOfSpacePrefixedChoices()
    {
        using var scorer = TinyLlama.CreateScorer();
        const string context = "Fellow-Citizens of the Senate and House of";
        string[] choices = ["Representatives:", "the United States of America and all its territories", "war"];
        var evaluator = new MultipleChoiceEvaluator(scorer);

        var scores = evaluator.Score(context, choices, gold: 0);

        for (int i = 0; i < choices.Length; i++)
            Assert.Equal(scorer.Loglikelihood(context, " " + choices[i]).LogLikelihood, scores.LogLikelihoods[i], 1e-9);
        int byHand = Enumerable.Range(0, 3).MaxBy(i => scores.LogLikelihoods[i]);
        int byHandNorm = Enumerable.Range(0, 3).MaxBy(i => scores.LogLikelihoods[i] / choices[i].Length);
        Assert.Equal(byHand, scores.Predicted);
        Assert.Equal(byHandNorm, scores.PredictedNorm);
    }

    [Fact]
    public void AccuracyAndTheHarnessStandardErrorAreComputedOverQuestions()
    {
        var result = new MultipleChoiceResult([
            MultipleChoiceEvaluator.Pick([-1.0, -2.0], ["a", "b"], 0),
            MultipleChoiceEvaluator.Pick([-1.0, -2.0], ["a", "b"], 1),
            MultipleChoiceEvaluator.Pick([-1.0, -2.0, -3.0, -4.0], ["a", "b", "c", "d"], 0),
            MultipleChoiceEvaluator.Pick([-1.0, -2.0, -3.0, -4.0], ["a", "b", "c", "d"], 0),
        ]);
        Assert.Equal(0.75, result.Accuracy, 1e-12);
        // numpy: np.std([1,0,1,1], ddof=1) / sqrt(4)
        Assert.Equal(Math.Sqrt(0.25) / 2, result.AccuracyStderr, 1e-12);
        Assert.Equal((0.5 + 0.5 + 0.25 + 0.25) / 4, result.Chance, 1e-12);
    }

    [Fact]
    public void ParallelEvaluationGivesTheSameScoresAsOneWorker()
    {
        var items = Enumerable.Range(0, 6).Select(i => new MultipleChoiceItem(
            "The state of the Union is", [" strong", " weak", " good and sound", "" + i], i % 4)).ToList();
        using var one = TinyLlama.CreateScorer(workers: 1);
        using var two = TinyLlama.CreateScorer(workers: 2);
        var a = new MultipleChoiceEvaluator(one).Evaluate(items);
        var b = new MultipleChoiceEvaluator(two).Evaluate(items);
        for (int q = 0; q < items.Count; q++) Assert.Equal(a.Questions[q].LogLikelihoods, b.Questions[q].LogLikelihoods);
    }
}
