namespace Wren.Eval.Classification;

/// <summary>
/// Accuracy, macro-F1 (the unweighted mean of the labels' F1, so a rare label counts as much as a common one; labels
/// absent from the test and never predicted are left out, as scikit-learn does with <c>labels</c> unset), per-label
/// precision and recall, and the confusion matrix (rows: the right label, columns: the predicted one).
/// </summary>
public sealed record ClassificationMetrics
{
    public required IReadOnlyList<string> Labels { get; init; }

    public required int Count { get; init; }

    public required double Accuracy { get; init; }

    public required double MacroF1 { get; init; }

    public required IReadOnlyList<PerClassMetrics> PerClass { get; init; }

    /// <summary>Confusion[gold][predicted].</summary>
    public required int[][] Confusion { get; init; }

    public static ClassificationMetrics Compute(IReadOnlyList<string> labels, IReadOnlyList<int> gold, IReadOnlyList<int> predicted)
    {
        if (gold.Count != predicted.Count) throw new ArgumentException($"{gold.Count} gold labels but {predicted.Count} predictions");
        int k = labels.Count;
        var confusion = new int[k][];
        for (int i = 0; i < k; i++) confusion[i] = new int[k];
        int right = 0;
        for (int n = 0; n < gold.Count; n++)
        {
            confusion[gold[n]][predicted[n]]++;
            if (gold[n] == predicted[n]) right++;
        }

        var perClass = new List<PerClassMetrics>(k);
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++)
        {
            int truePositive = confusion[c][c], support = 0, predictedCount = 0;
            for (int j = 0; j < k; j++)
            {
                support += confusion[c][j];
                predictedCount += confusion[j][c];
            }

            double precision = predictedCount == 0 ? 0 : (double)truePositive / predictedCount;
            double recall = support == 0 ? 0 : (double)truePositive / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new PerClassMetrics(labels[c], precision, recall, f1, support));
            if (support > 0 || predictedCount > 0)
            {
                f1Sum += f1;
                present++;
            }
        }

        return new ClassificationMetrics
        {
            Labels = labels,
            Count = gold.Count,
            Accuracy = gold.Count == 0 ? 0 : (double)right / gold.Count,
            MacroF1 = present == 0 ? 0 : f1Sum / present,
            PerClass = perClass,
            Confusion = confusion,
        };
    }
}
