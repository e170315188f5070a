using System.Text;
using Wren.Pipeline.Build;

namespace Wren.Pipeline.Tests.Build;

public sealed class BuildIndexPageTests
{
    private static string EvaluationOf(params (string Key, double Value)[] metrics)
    {
        var record = new StageRecord { Name = BuildStages.Eval };
        foreach (var (key, value) in metrics) record.Metrics[key] = value;
        var h = new StringBuilder();
        BuildIndexPage.Evaluation(h, new BuildState { Stages = [record] });
        return h.ToString();
    }

    [Fact]
    public void AnAccuracyNotAboveChanceIsMarkedAsNoBetterThanGuessing()
    {
        string html = EvaluationOf(("cloze:heldout.jsonl/acc", 0.209), ("cloze:heldout.jsonl/acc_norm", 0.31), ("cloze:heldout.jsonl/chance", 0.25));

        Assert.Contains("data-not-above-chance=\"cloze:heldout.jsonl/acc\">not above chance (0.25)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-not-above-chance=\"cloze:heldout.jsonl/acc_norm\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoresAboveChanceAndOtherMetricsCarryNoMark()
    {
        string html = EvaluationOf(("mc:quiz.jsonl/acc", 0.61), ("mc:quiz.jsonl/chance", 0.25), ("ppl:heldout.jsonl/bits_per_byte", 0.2));

        Assert.DoesNotContain("not above chance", html, StringComparison.Ordinal);
    }

    private static string TasksOf(params (string Key, double Value)[] metrics)
    {
        var record = new StageRecord { Name = BuildStages.Tasks };
        foreach (var (key, value) in metrics) record.Metrics[key] = value;
        var h = new StringBuilder();
        BuildIndexPage.Tasks(h, new BuildState { Stages = [record] });
        return h.ToString();
    }

    [Fact]
    public void ATaskTableSaysPlainlyWhenABaselineWins()
    {
        string html = TasksOf(("route/accuracy", 0.62), ("route/macro_f1", 0.5), ("route/labels", 6), ("route/test_examples", 50),
            ("route/majority_accuracy", 0.3), ("route/tfidf_logreg_accuracy", 0.81), ("route/tfidf_logreg_latency_ms_p50", 0.2));

        Assert.Contains("<h2>Tasks</h2>", html, StringComparison.Ordinal);
        Assert.Contains("data-task-verdict=\"baseline\"", html, StringComparison.Ordinal);
        Assert.Contains("The baseline wins: tfidf logreg reaches 81.0 % accuracy, 19.0 points above the task model (62.0 %)", html, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"tasks.route/tfidf_logreg_accuracy\" data-value=\"0.81\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tasks/route/eval/task.html\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ATaskModelAboveEveryBaselineIsCalledTheWinner()
    {
        string html = TasksOf(("spam/accuracy", 0.97), ("spam/majority_accuracy", 0.7), ("spam/tfidf_logreg_accuracy", 0.95));

        Assert.Contains("data-task-verdict=\"model\"", html, StringComparison.Ordinal);
        Assert.Contains("2.0 points above the best baseline, tfidf logreg (95.0 %)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ABuildWithoutTasksHasNoTaskSection() => Assert.Equal("", TasksOf());
}
