using Wren.Runtime.Classification;
using Wren.Runtime.Tokenization;
using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Training.Classification;

/// <summary>
/// Scores the validation split with the training model's current weights: every label's log-likelihood per example,
/// the accuracy and the gold labels' mean negative log-likelihood (over the labels alone when the models score only them). When every label is one token the training models'
/// own batched forward gives them (one row of logits per example, each length bucket on its own model); otherwise the
/// runtime model over the live weights (<see cref="InferenceSnapshot"/>) scores each label as the classifier will.
/// </summary>
internal sealed class ValidationScorer(IReadOnlyList<LlamaTrainingModel> models, LabelBatchSampler sampler, IReadOnlyList<EncodedExample> examples, int[][] continuations,
    BpeTokenizer tokenizer, ClassifierManifest manifest, int threads)
{
    public int Count => examples.Count;

    public (double Accuracy, double Nll, List<double[]> Scores) Score()
    {
        var scores = continuations.All(c => c.Length == 1) ? ScoreBatched() : ScoreWithRuntime();
        int right = 0;
        double nll = 0;
        for (int n = 0; n < scores.Length; n++)
        {
            var s = scores[n];
            int best = 0;
            for (int i = 1; i < s.Length; i++)
                if (s[i] > s[best]) best = i;
            if (best == examples[n].Label) right++;
            nll -= s[examples[n].Label];
        }

        return scores.Length == 0 ? (0, 0, []) : ((double)right / scores.Length, nll / scores.Length, [.. scores]);
    }

    private double[][] ScoreBatched()
    {
        var scores = new double[examples.Count][];
        var byBucket = Enumerable.Range(0, examples.Count).GroupBy(n => sampler.BucketOf(examples[n]));
        foreach (var group in byBucket)
        {
            var model = models[group.Key];
            int B = model.Batch, T = model.Time, V = model.LogitWidth;
            var indexes = group.ToList();
            var rows = indexes.Select(n => examples[n]).ToList();
            var inputs = new int[B * T];
            var targets = new int[B * T];
            var logits = new float[B * V];
            for (int first = 0; first < rows.Count; first += B)
            {
                int filled = sampler.FillInOrder(rows, first, inputs, targets, T);
                int scored = model.ComputeTargetLogits(inputs, targets, logits);
                if (scored != filled) throw new InvalidOperationException($"{scored} scored rows for {filled} examples");
                for (int k = 0; k < scored; k++)
                {
                    var row = logits.AsSpan(k * V, V);
                    float max = float.NegativeInfinity;
                    foreach (float l in row) max = Math.Max(max, l);
                    double sum = 0;
                    foreach (float l in row) sum += Math.Exp(l - max);
                    double normalizer = max + Math.Log(sum);
                    var s = new double[continuations.Length];
                    // Over the labels alone (a restricted head: column i is label i) the normaliser differs from the full
                    // softmax's by a constant per example, which neither the ranking nor the calibration sees.
                    for (int i = 0; i < s.Length; i++) s[i] = row[model.ScoredTokens is null ? continuations[i][0] : i] - normalizer;
                    scores[indexes[first + k]] = s;
                }
            }
        }

        return scores;
    }

    private double[][] ScoreWithRuntime()
    {
        using var snapshot = InferenceSnapshot.Create(models[^1]);
        using var classifier = new ModelTextClassifier(snapshot, tokenizer, manifest, new ModelClassifierOptions { Workers = Math.Max(1, threads) });
        var scores = new double[examples.Count][];
        Parallel.For(0, examples.Count, new ParallelOptions { MaxDegreeOfParallelism = classifier.Workers }, n => scores[n] = classifier.LogLikelihoodsOfPrompt(examples[n].Prompt));
        return scores;
    }
}
