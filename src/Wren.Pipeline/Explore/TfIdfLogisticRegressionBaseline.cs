using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using Wren.Runtime;

namespace Wren.Pipeline.Explore;

/// <summary>
/// The baseline a practitioner tries first, ML.NET's: TF-IDF over lower-cased word 1- and 2-grams (L2-normalised) and
/// multinomial logistic regression (L-BFGS maximum entropy), the featurisation the task evaluator uses. Measured by
/// stratified k-fold cross-validation (each fold's model trained on the other folds), so a few hundred examples give
/// a figure without holding a split back.
/// </summary>
public sealed class TfIdfLogisticRegressionBaseline : ITextBaseline
{
    public const string Name = "tfidf_logreg";

    /// <summary>L2 strength: the middle of the task evaluator's grid (no validation split to tune on here).</summary>
    public const float L2 = 1e-3f;

    public BaselineResult Evaluate(IReadOnlyList<(string Text, string Label)> examples, int folds, ulong seed, CancellationToken cancellationToken)
    {
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labels.Count < 2) throw new WrenException("a baseline needs at least two labels");
        folds = Math.Clamp(folds, 2, 10);
        var fold = StratifiedFolds(examples, folds, seed);
        var ml = new MLContext((int)(seed & 0x7fffffff));
        int right = 0;
        var confusion = new long[labels.Count, labels.Count];
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        for (int k = 0; k < folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var train = examples.Where((_, i) => fold[i] != k).Select(e => new Row { Text = e.Text, Label = e.Label }).ToList();
            var test = examples.Where((_, i) => fold[i] == k).ToList();
            if (test.Count == 0 || train.Select(r => r.Label).Distinct().Count() < 2) continue;
            var model = Wren.Eval.Classification.TfIdfLogisticRegression.Pipeline(ml, L2).Fit(ml.Data.LoadFromEnumerable(train));
            var scored = model.Transform(ml.Data.LoadFromEnumerable(test.Select(e => new Row { Text = e.Text, Label = e.Label })));
            var predicted = ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: false).Select(p => p.PredictedLabel).ToList();
            for (int i = 0; i < test.Count; i++)
            {
                if (predicted[i] == test[i].Label) right++;
                if (index.TryGetValue(predicted[i], out int p)) confusion[index[test[i].Label], p]++;
            }
        }

        long majority = examples.GroupBy(e => e.Label).Max(g => g.LongCount());
        return new BaselineResult(Name, (double)right / examples.Count, MacroF1(confusion, labels.Count), (double)majority / examples.Count, folds, examples.Count);
    }

    /// <summary>Each label's examples dealt round-robin over the folds in a seeded order, so every fold keeps the label shares.</summary>
    internal static int[] StratifiedFolds(IReadOnlyList<(string Text, string Label)> examples, int folds, ulong seed)
    {
        var fold = new int[examples.Count];
        var random = new Random((int)(seed & 0x7fffffff));
        foreach (var group in Enumerable.Range(0, examples.Count).GroupBy(i => examples[i].Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int[] members = group.ToArray();
            random.Shuffle(members);
            for (int j = 0; j < members.Length; j++) fold[members[j]] = j % folds;
        }

        return fold;
    }

    private static double MacroF1(long[,] confusion, int n)
    {
        double sum = 0;
        for (int c = 0; c < n; c++)
        {
            long tp = confusion[c, c], fp = 0, fn = 0;
            for (int o = 0; o < n; o++)
            {
                if (o == c) continue;
                fp += confusion[o, c];
                fn += confusion[c, o];
            }

            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }

        return sum / n;
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";
    }
}
