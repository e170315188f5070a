using Wren.Pipeline.Explore;

namespace Wren.Pipeline.Tests.Explore;

public sealed class TfIdfLogisticRegressionBaselineTests
{
    private static readonly string[] Billing = ["invoice", "refund", "charge", "payment", "card", "billing"];
    private static readonly string[] Shipping = ["parcel", "delivery", "courier", "tracking", "shipped", "address"];

    private static List<(string, string)> Examples(Func<int, string> label)
    {
        var random = new Random(7);
        var examples = new List<(string, string)>();
        for (int i = 0; i < 120; i++)
        {
            string[] words = i % 2 == 0 ? Billing : Shipping;
            string text = $"hello team, about my {words[random.Next(words.Length)]} and the {words[random.Next(words.Length)]} please help, case {i}";
            examples.Add((text, label(i)));
        }

        return examples;
    }

    [Fact]
    public void WordsThatCarryTheLabelBeatTheMajorityClassUnderCrossValidation()
    {
        var result = new TfIdfLogisticRegressionBaseline().Evaluate(Examples(i => i % 2 == 0 ? "billing" : "shipping"), folds: 5, seed: 1, CancellationToken.None);
        Assert.Equal(120, result.Examples);
        Assert.Equal(0.5, result.MajorityAccuracy, 3);
        Assert.True(result.Accuracy > 0.9, $"accuracy {result.Accuracy}");
        Assert.True(result.MacroF1 > 0.9);
    }

    [Fact]
    public void LabelsUnrelatedToTheWordsStayNearChance()
    {
        var result = new TfIdfLogisticRegressionBaseline().Evaluate(Examples(i => (i / 2) % 2 == 0 ? "a" : "b"), folds: 5, seed: 1, CancellationToken.None);
        Assert.True(result.Accuracy < 0.7, $"accuracy {result.Accuracy}");
    }

    [Fact]
    public void FoldsKeepEachLabelsShare()
    {
        var examples = Enumerable.Range(0, 50).Select(i => ($"t{i}", i < 40 ? "big" : "small")).ToList();
        int[] fold = TfIdfLogisticRegressionBaseline.StratifiedFolds(examples, 5, 3);
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(8, Enumerable.Range(0, 40).Count(i => fold[i] == k));
            Assert.Equal(2, Enumerable.Range(40, 10).Count(i => fold[i] == k));
        }
    }

    [Fact]
    public void TheL2StrengthIsChosenOnTheValidationFoldAndTheOtherFoldsAreScored()
    {
        var result = new TfIdfLogisticRegressionBaseline().Evaluate(Examples(i => i % 2 == 0 ? "billing" : "shipping"), folds: 5, seed: 1, CancellationToken.None);
        Assert.Equal(Wren.Eval.Classification.TfIdfLogisticRegression.L2Grid, result.L2Trials.Select(t => t.L2));
        Assert.Equal(result.L2Trials.First(t => t.Accuracy == result.L2Trials.Max(x => x.Accuracy)).L2, result.L2);
        // 120 examples in 5 folds of 24: the first chooses, the other four (96) are scored.
        Assert.Equal(96, result.Scored);
        Assert.Equal(120, result.Examples);
    }

    [Fact]
    public void TheLearningCurveTrainsOnATenthAThirdAndAllOfEachFold()
    {
        var result = new TfIdfLogisticRegressionBaseline().Evaluate(Examples(i => i % 2 == 0 ? "billing" : "shipping"), folds: 5, seed: 1, CancellationToken.None);
        // 120 examples, 96 training per measured fold (48 per label): 10 (5 per label), 28 (14 per label), 96.
        Assert.Equal([0.1, 0.3, 1.0], result.Curve.Select(p => p.Share));
        Assert.Equal([10, 28, 96], result.Curve.Select(p => p.TrainingExamples));
        Assert.Equal(result.Accuracy, result.Curve[^1].Accuracy);
        // Five examples per label already separate words this distinct better than chance.
        Assert.True(result.Curve[0].Accuracy > 0.6, $"accuracy at 10%: {result.Curve[0].Accuracy}");
    }

    [Fact]
    public void ACurveSubsetKeepsEveryLabel()
    {
        var examples = Enumerable.Range(0, 100).Select(i => ($"t{i}", i < 95 ? "big" : "small")).ToList();
        int[] subset = TfIdfLogisticRegressionBaseline.Stratified(examples, Enumerable.Range(0, 100).ToArray(), 0.1, new Random(1));
        Assert.Equal(11, subset.Length); // 10 of the 95, and 1 of the 5 (a tenth rounds to none)
        Assert.Contains(subset, i => i >= 95);
    }
}
