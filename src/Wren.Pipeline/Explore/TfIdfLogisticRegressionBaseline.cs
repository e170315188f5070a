using Microsoft.ML;
using Wren.Eval.Classification;
using Wren.Runtime;

namespace Wren.Pipeline.Explore;

/// <summary>
/// The baseline a practitioner tries first, ML.NET's: TF-IDF over lower-cased word 1- and 2-grams (L2-normalised) and
/// multinomial logistic regression (L-BFGS maximum entropy), the task evaluator's estimator. Measured by stratified
/// k-fold cross-validation, so a few hundred examples give a figure without holding a split back. The first fold is
/// the validation split the task evaluator would have: the L2 strength is the best of the evaluator's grid on it (each
/// trained on the other folds); the accuracy reported is then the other folds', each fold's model trained on the rest
/// at that strength, so no example that chose the strength is scored with it. The learning curve trains those folds'
/// models again on 10% and 30% of their training examples.
/// </summary>
/// <remarks>
/// Each fold's TF-IDF features are fitted once, on all of its training examples, and shared by the grid's and the
/// curve's classifiers: the logistic regression is the cost, not the featurizer. The curve's smaller models thus
/// see the fold's vocabulary and IDF weights (unlabelled text, which a real smaller labelled set would also have).
/// </remarks>
/// <param name="maximumIterations">L-BFGS iterations per model at most (<see cref="QuickIterations"/> by default; int.MaxValue runs to convergence as the task evaluator does).</param>
/// <param name="tolerance">L-BFGS's relative convergence tolerance (<see cref="QuickTolerance"/> by default; the task evaluator's is ML.NET's 1e-7).</param>
/// <param name="threads">
/// L-BFGS threads per model; null (the default): ML.NET's choice, every core. One thread was tried, since ML.NET's
/// threaded gradient spins while it waits, and cost more, not less: 30.7 against 25.8 CPU-s in one run of the
/// bench's routing baseline (bench/README.md, wren explore).
/// </param>
public sealed class TfIdfLogisticRegressionBaseline(
    int maximumIterations = TfIdfLogisticRegressionBaseline.QuickIterations, float tolerance = TfIdfLogisticRegressionBaseline.QuickTolerance, int? threads = null) : ITextBaseline
{
    public const string Name = "tfidf_logreg";

    /// <summary>
    /// Explore's quick look stops L-BFGS at this many iterations or <see cref="QuickTolerance"/>: run to ML.NET's
    /// default convergence, the baselines took most of a whole explore run's CPU (bench/README.md, wren explore).
    /// </summary>
    public const int QuickIterations = 50;

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

        // The validation fold: each L2 strength of the grid trained on the other folds and scored on it.
        var trials = new List<L2Trial>();
        var validation = Featurize(ml, examples, fold, 0);
        foreach (float l2 in grid)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var guesses = new string?[examples.Count];
            if (validation is { } v) Predict(ml, Fit(ml, l2, v.TrainFeatures), v.TestFeatures, v.Test, guesses);
            trials.Add(new L2Trial(l2, Accuracy(examples, guesses, validation?.Test ?? [])));
        }

        int best = 0;
        for (int g = 1; g < trials.Count; g++)
            if (trials[g].Accuracy > trials[best].Accuracy) best = g;
        float chosen = grid[best];

        // The measured folds at that strength, each also trained on a share of its examples for the learning curve.
        var predicted = new string?[examples.Count];
        var curves = CurveShares.Select(_ => new string?[examples.Count]).ToArray();
        var trained = new long[CurveShares.Count];
        var scored = new List<int>();
        int measured = 0;
        long trainedAll = 0;
        var random = new Random((int)(seed & 0x7fffffff) ^ 0x5eed);
        for (int k = 1; k < folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Featurize(ml, examples, fold, k) is not { } f) continue;
            Predict(ml, Fit(ml, chosen, f.TrainFeatures), f.TestFeatures, f.Test, predicted);
            scored.AddRange(f.Test);
            measured++;
            trainedAll += f.Train.Length;
            for (int c = 0; c < CurveShares.Count; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int[] subset = Stratified(examples, f.Train, CurveShares[c], random);
                var subsetFeatures = ml.Data.Cache(f.Features.Transform(Rows(ml, examples, subset)));
                Predict(ml, Fit(ml, chosen, subsetFeatures), f.TestFeatures, f.Test, curves[c]);
                trained[c] += subset.Length;
            }
        }

        if (measured == 0) throw new WrenException("too few examples per label for a cross-validated baseline");
        int[] measuredExamples = scored.ToArray();
        var curve = CurveShares.Select((share, c) => new CurvePoint(share, (int)(trained[c] / measured), Accuracy(examples, curves[c], measuredExamples)))
            .Append(new CurvePoint(1, (int)(trainedAll / measured), Accuracy(examples, predicted, measuredExamples)))
            .ToList();

        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var confusion = new long[labels.Count, labels.Count];
        foreach (int i in measuredExamples)
            if (predicted[i] is { } p && index.TryGetValue(p, out int column)) confusion[index[examples[i].Label], column]++;

        long majority = examples.GroupBy(e => e.Label).Max(g => g.LongCount());
        return new BaselineResult(Name, curve[^1].Accuracy, MacroF1(confusion, labels.Count), (double)majority / examples.Count, folds, examples.Count)
        {
            L2 = chosen,
            L2Trials = trials,
            Curve = curve,
            Scored = measuredExamples.Length,
        };
    }

    private ITransformer Fit(MLContext ml, float l2, IDataView features) =>
        TfIdfLogisticRegression.Classifier(ml, l2, maximumIterations, tolerance, threads).Fit(features);

    /// <summary>Fold <paramref name="k"/> held out: the featurizer fitted on the rest, both sides' features cached; null when the rest has one label.</summary>
    private static (ITransformer Features, IDataView TrainFeatures, IDataView TestFeatures, int[] Train, int[] Test)? Featurize(
        MLContext ml, IReadOnlyList<(string Text, string Label)> examples, int[] fold, int k)
    {
        int[] train = Enumerable.Range(0, examples.Count).Where(i => fold[i] != k).ToArray();
        int[] test = Enumerable.Range(0, examples.Count).Where(i => fold[i] == k).ToArray();
        if (test.Length == 0 || train.Select(i => examples[i].Label).Distinct(StringComparer.Ordinal).Count() < 2) return null;
        var trainView = Rows(ml, examples, train);
        var features = TfIdfLogisticRegression.Features(ml).Fit(trainView);
        return (features, ml.Data.Cache(features.Transform(trainView)), ml.Data.Cache(features.Transform(Rows(ml, examples, test))), train, test);
    }

    private static IDataView Rows(MLContext ml, IReadOnlyList<(string Text, string Label)> examples, int[] indices) =>
        ml.Data.LoadFromEnumerable(indices.Select(i => new Row { Text = examples[i].Text, Label = examples[i].Label }).ToList());

    private static void Predict(MLContext ml, ITransformer classifier, IDataView test, int[] indices, string?[] into)
    {
        int n = 0;
        foreach (var p in ml.Data.CreateEnumerable<Prediction>(classifier.Transform(test), reuseRowObject: false)) into[indices[n++]] = p.PredictedLabel;
    }

    /// <summary>Accuracy over the given examples.</summary>
    private static double Accuracy(IReadOnlyList<(string Text, string Label)> examples, string?[] predicted, int[] over)
    {
        int right = 0;
        foreach (int i in over)
            if (predicted[i] == examples[i].Label) right++;
        return over.Length == 0 ? 0 : (double)right / over.Length;
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
