using Wren.Eval.Classification;
using Wren.Runtime.Classification;

namespace Wren.Eval.Tests.Classification;

public sealed class TaskEvaluatorTests
{
    private static List<LabeledText> Examples(int count, int offset)
    {
        string[] markets = ["stocks", "bonds", "shares", "dividend"], pets = ["cat", "dog", "parrot", "hamster"];
        return Enumerable.Range(offset, count).Select(i => i % 3 == 0
            ? new LabeledText($"my {pets[i % 4]} number {i} sleeps all day", "pets")
            : new LabeledText($"the {markets[i % 4]} moved {i} points today", "markets")).ToList();
    }

    [Fact]
    public void WithoutAModelTheBaselinesAreMeasuredOnTheSameTestSplitAndTheBestIsNamed()
    {
        var report = TaskEvaluator.Run(new TaskEvalOptions
        {
            TaskName = "topics",
            Labels = ["markets", "pets"],
            Train = Examples(60, 0),
            Validation = Examples(12, 100),
            Test = Examples(30, 200),
        });

        var majority = report.Baselines.Single(b => b.Name == "majority");
        var tfidf = report.Baselines.Single(b => b.Name == "tfidf_logreg");
        Assert.Equal(20.0 / 30, majority.Metrics.Accuracy, 9);
        Assert.True(tfidf.Metrics.Accuracy > 0.9, $"a word decides the label; TF-IDF got {tfidf.Metrics.Accuracy}");
        Assert.Equal(30, tfidf.Predictions.Count);
        Assert.True(tfidf.SizeBytes > 0);
        Assert.Same(tfidf, report.BestBaseline);
        Assert.StartsWith("Best baseline: TF-IDF", report.Verdict, StringComparison.Ordinal);
        Assert.Contains(report.LearningCurve, p => p.System == "tfidf_logreg" && p.Fraction == 1.0);
        string html = TaskHtmlReport.Render(report);
        Assert.Contains("topics", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }
}
