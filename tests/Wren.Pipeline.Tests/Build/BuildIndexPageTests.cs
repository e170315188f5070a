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
}
