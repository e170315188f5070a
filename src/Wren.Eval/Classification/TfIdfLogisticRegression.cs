using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using Wren.Runtime;
using Wren.Runtime.Classification;

namespace Wren.Eval.Classification;

/// <summary>
/// The baseline a practitioner would try first: TF-IDF over word 1- and 2-grams (lower-cased, L2-normalised) and
/// multinomial logistic regression, both ML.NET's (<c>FeaturizeText</c>, <c>LbfgsMaximumEntropy</c>). Its L2
/// regularisation is chosen on the validation split from a small grid, as anyone tuning it would, then it is trained on
/// the training split alone. Thread-safe (one prediction engine per thread).
/// </summary>
public sealed class TfIdfLogisticRegression : ITextClassifier, IDisposable
{
    /// <summary>The L2 strengths tried on the validation split.</summary>
    public static readonly IReadOnlyList<float> L2Grid = [1e-4f, 1e-3f, 1e-2f, 1e-1f];

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly ThreadLocal<PredictionEngine<Row, Scored>> _engines;
    private readonly int[] _scoreToLabel;

    private TfIdfLogisticRegression(MLContext ml, ITransformer model, DataViewSchema schema, IReadOnlyList<string> labels, float l2)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        Labels = labels;
        L2 = l2;
        _engines = new ThreadLocal<PredictionEngine<Row, Scored>>(() => _ml.Model.CreatePredictionEngine<Row, Scored>(_model), trackAllValues: true);
        // The score vector is in the order of the label key's values; map it to the task's label order.
        VBuffer<ReadOnlyMemory<char>> names = default;
        _engines.Value!.OutputSchema["Score"].GetSlotNames(ref names);
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var slots = names.DenseValues().Select(n => n.ToString()).ToList();
        _scoreToLabel = slots.Select(s => index.TryGetValue(s, out int i) ? i : throw new WrenException($"ML.NET scored an unknown label '{s}'")).ToArray();
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>The L2 strength chosen on the validation split.</summary>
    public float L2 { get; }

    /// <summary>Fits on <paramref name="train"/>; with a validation split, the L2 strength is the grid's best there.</summary>
    public static TfIdfLogisticRegression Fit(IReadOnlyList<string> labels, IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText>? validation = null, int seed = 1)
    {
        if (train.Count == 0) throw new WrenException("the TF-IDF baseline needs training examples");
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(train.Select(e => new Row { Text = e.Input, Label = e.Label }));
        float l2 = 1e-3f;
        if (validation is { Count: > 0 })
        {
            double bestAccuracy = -1;
            foreach (float candidate in L2Grid)
            {
                using var trial = new TfIdfLogisticRegression(ml, Pipeline(ml, candidate).Fit(data), data.Schema, labels, candidate);
                int right = validation.Count(e => trial.Classify(e.Input).Label == e.Label);
                if (right > bestAccuracy)
                {
                    bestAccuracy = right;
                    l2 = candidate;
                }
            }
        }

        return new TfIdfLogisticRegression(ml, Pipeline(ml, l2).Fit(data), data.Schema, labels, l2);
    }

    public ClassPrediction Classify(string input)
    {
        var scored = _engines.Value!.Predict(new Row { Text = input, Label = "" });
        var probabilities = new double[Labels.Count];
        for (int s = 0; s < scored.Score.Length; s++) probabilities[_scoreToLabel[s]] = scored.Score[s];
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++)
            if (probabilities[i] > probabilities[best]) best = i;
        return new ClassPrediction(best, Labels[best], probabilities[best], probabilities);
    }

    /// <summary>Writes the fitted model (ML.NET's zip) and returns its size in bytes: the baseline's size on disk.</summary>
    public long Save(string path)
    {
        _ml.Model.Save(_model, _schema, path);
        return new FileInfo(path).Length;
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values) engine.Dispose();
        _engines.Dispose();
    }

    /// <summary>The estimator both the task baseline and <c>wren explore</c>'s cross-validated one fit: word 1-2-grams, TF-IDF, L2-normalized, multinomial logistic regression.</summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, float l2) => Features(ml).Append(Classifier(ml, l2));

    /// <summary>The pipeline's first half, label key and TF-IDF features: fitted once and shared when several L2 strengths are tried on the same examples.</summary>
    public static IEstimator<ITransformer> Features(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = true,
                KeepPunctuations = false,
                KeepNumbers = true,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
                CharFeatureExtractor = null,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            }, "Text"));

    /// <summary>
    /// The pipeline's second half: multinomial logistic regression on the features, and the predicted label as text.
    /// By default L-BFGS runs to ML.NET's convergence (relative tolerance 1e-7, no iteration cap); a quick look may
    /// stop it sooner (<paramref name="maximumIterations"/>, <paramref name="tolerance"/>) and run it on one thread
    /// (<paramref name="threads"/>; null: ML.NET's choice, every core).
    /// </summary>
    public static IEstimator<ITransformer> Classifier(MLContext ml, float l2, int maximumIterations = int.MaxValue, float tolerance = 1e-7f, int? threads = null) =>
        ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "LabelKey",
            FeatureColumnName = "Features",
            L2Regularization = l2,
            L1Regularization = 0,
            MaximumNumberOfIterations = maximumIterations,
            OptimizationTolerance = tolerance,
            NumberOfThreads = threads,
        })
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public string Label { get; set; } = "";
    }

    private sealed class Scored
    {
        public string PredictedLabel { get; set; } = "";
        public float[] Score { get; set; } = [];
    }
}
