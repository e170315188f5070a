using Microsoft.ML;
using Wren.Eval.Classification;
using Wren.Runtime;

namespace Wren.Pipeline.Explore;

/// <summary>
/// The baseline a practitioner tries first, ML.NET's: TF-IDF over lower-cased word 1- and 2-grams (L2-normalised) and
/// multinomial logistic regression (L-BFGS maximum entropy), the task evaluator's estimator. Measured by stratified
/// k-fold cross-validation (each fold's model trained on the other folds), so a few hundred examples give a figure
/// without holding a split back. The L2 strength is tuned as the task evaluator tunes it, over its grid, here by the
/// cross-validated accuracy itself (the figure reported is the best of the grid's, optimistic by the choice among
/// four; <see cref="BaselineResult.L2Trials"/> shows the spread). The learning curve trains each fold's model again on
/// 10% and 30% of its training examples, at the chosen L2.
/// </summary>
/// <remarks>
/// Each fold's TF-IDF features are fitted once, on all of its training examples, and shared by the grid's and the
/// curve's classifiers: the logistic regression is the cost, not the featurizer. The curve's smaller models thus
/// see the fold's vocabulary and IDF weights (unlabelled text, which a real smaller labelled set would also have).
/// </remarks>
/// <param name="maximumIterations">L-BFGS iterations per model at most (<see cref="QuickIterations"/> by default; int.MaxValue runs to convergence as the task evaluator does).</param>
/// <param name="tolerance">L-BFGS's relative convergence tolerance (<see cref="QuickTolerance"/> by default; the task evaluator's is ML.NET's 1e-7).</param>
public sealed class TfIdfLogisticRegressionBaseline(int maximumIterations = TfIdfLogisticRegressionBaseline.QuickIterations, float tolerance = TfIdfLogisticRegressionBaseline.QuickTolerance) : ITextBaseline
{
    public const string Name = "tfidf_logreg";

    /// <summary>
    /// Explore's quick look stops L-BFGS at this many iterations or <see cref="QuickTolerance"/>: run to ML.NET's
    /// default convergence, the grid's small L2 strengths took the most time of a whole explore run, for accuracy
    /// that differed by a fraction of a point (bench/README.md, wren explore).
    /// </summary>
    public const int QuickIterations = 100;

    public const float QuickTolerance = 1e-4f;

    /// <summary>Shares of each fold's training examples the learning curve trains on, besides all of them.</summary>
    public static readonly IReadOnlyList<double> CurveShares = [0.1, 0.3];

    public BaselineResult Evaluate(IReadOnlyList<(string Text, string Label)> examples, int folds, ulong seed, CancellationToken cancellationToken)
    {
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labels.Count < 2) throw new WrenException("a baseline needs at least two labels");
        folds = Math.Clamp(folds, 2, 10);
        var fold = StratifiedFolds(examples, folds, seed);
        var ml = new MLContext((int)(seed & 0x7fffffff));
        var grid = TfIdfLogisticRegression.L2Grid;
        var predicted = grid.Select(_ => new string?[examples.Count]).ToArray();
        var featured = new List<(ITransformer Features, IDataView Test, int[] Train, int[] TestIndex)>();
        for (int k = 0; k < folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] train = Enumerable.Range(0, examples.Count).Where(i => fold[i] != k).ToArray();
            int[] test = Enumerable.Range(0, examples.Count).Where(i => fold[i] == k).ToArray();
            if (test.Length == 0 || train.Select(i => examples[i].Label).Distinct(StringComparer.Ordinal).Count() < 2) continue;
            var trainView = Rows(ml, examples, train);
            var features = TfIdfLogisticRegression.Features(ml).Fit(trainView);
            var trainFeatures = ml.Data.Cache(features.Transform(trainView));
            var testFeatures = ml.Data.Cache(features.Transform(Rows(ml, examples, test)));
            featured.Add((features, testFeatures, train, test));
            for (int g = 0; g < grid.Count; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Predict(ml, TfIdfLogisticRegression.Classifier(ml, grid[g], maximumIterations, tolerance).Fit(trainFeatures), testFeatures, test, predicted[g]);
            }
        }

        var trials = grid.Select((l2, g) => new L2Trial(l2, Accuracy(examples, predicted[g]))).ToList();
        int best = 0;
        for (int g = 1; g < trials.Count; g++)
            if (trials[g].Accuracy > trials[best].Accuracy) best = g;

        var curve = new List<CurvePoint>();
        var random = new Random((int)(seed & 0x7fffffff) ^ 0x5eed);
        foreach (double share in CurveShares)
        {
            var shareCurve = new string?[examples.Count];
            long trained = 0;
            int models = 0;
            foreach (var (features, testFeatures, train, test) in featured)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int[] subset = Stratified(examples, train, share, random);
                if (subset.Select(i => examples[i].Label).Distinct(StringComparer.Ordinal).Count() < 2) continue;
                var subsetFeatures = ml.Data.Cache(features.Transform(Rows(ml, examples, subset)));
                Predict(ml, TfIdfLogisticRegression.Classifier(ml, grid[best], maximumIterations, tolerance).Fit(subsetFeatures), testFeatures, test, shareCurve);
                trained += subset.Length;
                models++;
            }

            if (models == featured.Count && models > 0) curve.Add(new CurvePoint(share, (int)(trained / models), Accuracy(examples, shareCurve)));
        }

        if (featured.Count > 0) curve.Add(new CurvePoint(1, featured.Sum(f => f.Train.Length) / featured.Count, trials[best].Accuracy));

        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var confusion = new long[labels.Count, labels.Count];
        for (int i = 0; i < examples.Count; i++)
            if (predicted[best][i] is { } p && index.TryGetValue(p, out int column)) confusion[index[examples[i].Label], column]++;

        long majority = examples.GroupBy(e => e.Label).Max(g => g.LongCount());
        return new BaselineResult(Name, trials[best].Accuracy, MacroF1(confusion, labels.Count), (double)majority / examples.Count, folds, examples.Count)
        {
            L2 = grid[best],
            L2Trials = trials,
            Curve = curve,
        };
    }

    private static IDataView Rows(MLContext ml, IReadOnlyList<(string Text, string Label)> examples, int[] indices) =>
        ml.Data.LoadFromEnumerable(indices.Select(i => new Row { Text = examples[i].Text, Label = examples[i].Label }).ToList());

    private static void Predict(MLContext ml, ITransformer classifier, IDataView test, int[] indices, string?[] into)
    {
        int n = 0;
        foreach (var p in ml.Data.CreateEnumerable<Prediction>(classifier.Transform(test), reuseRowObject: false)) into[indices[n++]] = p.PredictedLabel;
    }

    /// <summary>Out-of-fold accuracy over all examples (an example no fold could measure counts as wrong, as before).</summary>
    private static double Accuracy(IReadOnlyList<(string Text, string Label)> examples, string?[] predicted)
    {
        int right = 0;
        for (int i = 0; i < examples.Count; i++)
            if (predicted[i] == examples[i].Label) right++;
        return (double)right / examples.Count;
    }

    /// <summary>A share of the training examples, the same share of each label (at least one of each), in a seeded order.</summary>
    internal static int[] Stratified(IReadOnlyList<(string Text, string Label)> examples, int[] train, double share, Random random)
    {
        var subset = new List<int>();
        foreach (var group in train.GroupBy(i => examples[i].Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int[] members = group.ToArray();
            random.Shuffle(members);
            subset.AddRange(members.Take(Math.Max(1, (int)Math.Round(share * members.Length))));
        }

        return subset.ToArray();
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
