using Wren.Eval.Classification;
using Wren.Eval.Reports;

namespace Wren.Eval.Tests.Classification;

public sealed class TaskEvalReportTests
{
    private static ClassifierResult System(string name, double accuracy)
    {
        // Ten test examples over two labels, the first round(10 * accuracy) predicted right.
        int right = (int)Math.Round(accuracy * 10);
        int[] gold = [.. Enumerable.Repeat(0, 10)];
        int[] predicted = [.. Enumerable.Range(0, 10).Select(i => i < right ? 0 : 1)];
        return new ClassifierResult
        {
            Name = name,
            Description = name,
            Metrics = ClassificationMetrics.Compute(["a", "b"], gold, predicted),
            LatencyP50Ms = 1,
            LatencyP95Ms = 2,
            SizeBytes = 0,
            Predictions = [],
        };
    }

    private static TaskEvalReport Report(ClassifierResult? model, params ClassifierResult[] baselines) =>
        new() { Task = "t", Labels = ["a", "b"], Test = [], Model = model, Baselines = baselines };

    [Fact]
    public void TheOutcomeNamesTheSameWinnerAsTheVerdictSentence()
    {
        var model = System("task_model", 0.9);
        var weaker = System("majority", 0.5);
        var stronger = System("tfidf_logreg", 1.0);

        Assert.Equal(VerdictOutcome.ModelWins, Report(model, weaker).Outcome);
        Assert.StartsWith("The task model wins", Report(model, weaker).Verdict, StringComparison.Ordinal);
        Assert.Equal(VerdictOutcome.BaselineWins, Report(model, weaker, stronger).Outcome);
        Assert.StartsWith("The baseline wins", Report(model, weaker, stronger).Verdict, StringComparison.Ordinal);
        Assert.Equal(VerdictOutcome.Tie, Report(model, System("tfidf_logreg", 0.9)).Outcome);
        Assert.StartsWith("A tie", Report(model, System("tfidf_logreg", 0.9)).Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAModelOrWithoutABaselineNothingIsCompared()
    {
        Assert.Equal(VerdictOutcome.NotCompared, Report(null, System("majority", 0.5)).Outcome);
        Assert.Equal(VerdictOutcome.NotCompared, Report(System("task_model", 0.9)).Outcome);
    }

    [Fact]
    public void TheSystemsAreTheModelThenTheBaselinesAndEveryRowAtTheTopAccuracyIsBest()
    {
        var model = System("task_model", 0.8);
        var majority = System("majority", 0.5);
        var tfidf = System("tfidf_logreg", 0.8);
        var report = Report(model, majority, tfidf);

        Assert.Equal(["task_model", "majority", "tfidf_logreg"], report.Systems.Select(s => s.Name));
        Assert.True(report.IsBest(model));
        Assert.True(report.IsBest(tfidf));
        Assert.False(report.IsBest(majority));
        Assert.Equal(["majority"], Report(null, majority).Systems.Select(s => s.Name));
    }
}
