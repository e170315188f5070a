using Wren.Data.Documents;
using Wren.Runtime;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Trains a <see cref="QualityModel"/> by stochastic gradient descent on the logistic loss, with a
/// deterministic shuffle, holding out a fraction of the examples to report precision and recall.
/// </summary>
public sealed class QualityModelTrainer
{
    public int Bits { get; init; } = 20;

    public int Epochs { get; init; } = 10;

    public double LearningRate { get; init; } = 0.5;

    public double L2 { get; init; } = 1e-6;

    public double HoldOut { get; init; } = 0.2;

    public int Seed { get; init; } = 7;

    /// <summary>Trains on the examples (text, good?) and evaluates on the held-out part.</summary>
    /// <summary>
    /// Trains on every document of the <paramref name="good"/> and <paramref name="bad"/> shards (files or folders, as
    /// <see cref="DocumentShardReader"/> reads them); each side needs one example at least.
    /// </summary>
    public QualityTraining TrainOnShards(IEnumerable<string> good, IEnumerable<string> bad)
    {
        var examples = new List<(string, bool)>();
        foreach (string path in good) examples.AddRange(DocumentShardReader.Read(path).Select(d => (d.Text, true)));
        int goodCount = examples.Count;
        foreach (string path in bad) examples.AddRange(DocumentShardReader.Read(path).Select(d => (d.Text, false)));
        if (goodCount == 0 || examples.Count == goodCount) throw new WrenException("quality train: need at least one good and one bad example");
        var (model, metrics) = Train(examples);
        return new QualityTraining(model, metrics, goodCount, examples.Count - goodCount);
    }

    public (QualityModel Model, QualityMetrics Metrics) Train(IReadOnlyList<(string Text, bool Good)> examples)
    {
        var features = new List<int>[examples.Count];
        var scratch = new List<ulong>();
        for (int i = 0; i < examples.Count; i++)
        {
            features[i] = new List<int>();
            HashedFeatures.Extract(examples[i].Text, Bits, features[i], scratch);
        }
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(Seed).Shuffle(order);
        int test = (int)Math.Round(examples.Count * HoldOut);
        var testSet = order[..test];
        var trainSet = order[test..];
        // Balanced class weights, so a corpus with many more bad than good examples does not just learn the majority.
        double goodCount = trainSet.Count(i => examples[i].Good);
        double badCount = trainSet.Length - goodCount;
        double goodWeight = goodCount == 0 ? 1 : trainSet.Length / (2 * goodCount);
        double badWeight = badCount == 0 ? 1 : trainSet.Length / (2 * badCount);
        var model = new QualityModel(Bits, new float[1 << Bits], 0);
        var random = new Random(Seed + 1);
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(trainSet);
            double lr = LearningRate / (1 + epoch);
            foreach (int i in trainSet)
            {
                var x = features[i];
                double p = model.Score(x);
                double gradient = (p - (examples[i].Good ? 1 : 0)) * (examples[i].Good ? goodWeight : badWeight);
                double scale = x.Count == 0 ? 0 : 1.0 / Math.Sqrt(x.Count);
                foreach (int b in x)
                {
                    model.Weights[b] -= (float)(lr * (gradient * scale + L2 * model.Weights[b]));
                }
                model.Bias -= (float)(lr * gradient);
            }
        }
        return (model, Evaluate(model, testSet.Select(i => (features[i], examples[i].Good))));
    }

    private static QualityMetrics Evaluate(QualityModel model, IEnumerable<(List<int> Features, bool Good)> test)
    {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var (x, good) in test)
        {
            bool predicted = model.Score(x) >= 0.5;
            if (predicted && good)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
            }
            else if (good)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }
        return new QualityMetrics(tp, fp, fn, tn);
    }
}
