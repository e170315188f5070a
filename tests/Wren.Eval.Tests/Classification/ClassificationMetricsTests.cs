using Wren.Eval.Classification;

namespace Wren.Eval.Tests.Classification;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void AccuracyMacroF1PerLabelFiguresAndTheConfusionMatrixFollowFromThePredictions()
    {
        // gold:      a a a a b b c
        // predicted: a a a b b a c
        var m = ClassificationMetrics.Compute(["a", "b", "c"], [0, 0, 0, 0, 1, 1, 2], [0, 0, 0, 1, 1, 0, 2]);

        Assert.Equal(5.0 / 7, m.Accuracy, 9);
        var a = m.PerClass[0];
        Assert.Equal(0.75, a.Precision, 9);
        Assert.Equal(0.75, a.Recall, 9);
        var b = m.PerClass[1];
        Assert.Equal(0.5, b.Precision, 9);
        Assert.Equal(0.5, b.Recall, 9);
        Assert.Equal(1.0, m.PerClass[2].F1, 9);
        Assert.Equal((0.75 + 0.5 + 1.0) / 3, m.MacroF1, 9);
        Assert.Equal([3, 1, 0], m.Confusion[0]);
        Assert.Equal([1, 1, 0], m.Confusion[1]);
        Assert.Equal(4, a.Support);
    }

    [Fact]
    public void MismatchedCountsAreRefused() =>
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(["a", "b"], [0, 1], [0]));
}
