using System.Globalization;
using Wren.Data.Tasks;
using Wren.Runtime.Classification;

namespace Wren.Bench.Tasks;

/// <summary>
/// For a cross-fitted run trained with its fold models kept (RUN/folds/N): the test accuracy of each fold's fine-tune,
/// of the probability-averaged ensemble of them (k forward passes per mail), and of the soup, the run's own model (the
/// average of their weights, one forward pass): whether averaging the weights keeps what the ensemble gains.
/// </summary>
internal static class FoldComparison
{
    public static void Print(string task, string run, TaskDataSet set)
    {
        string folds = Path.Combine(run, "folds");
        if (!Directory.Exists(folds)) return;
        var c = CultureInfo.InvariantCulture;
        var labels = set.Labels;
        var gold = set.Test.Select(e => labels.ToList().IndexOf(e.Output)).ToArray();
        var members = Directory.GetDirectories(folds).Where(d => Path.GetFileName(d) != "soup").Order(StringComparer.Ordinal).ToList();
        var sum = new double[gold.Length][];
        var parts = new List<string>();
        foreach (string member in members)
        {
            var probabilities = Probabilities(run, member, set);
            for (int n = 0; n < gold.Length; n++)
            {
                sum[n] ??= new double[labels.Count];
                for (int i = 0; i < labels.Count; i++) sum[n][i] += probabilities[n][i];
            }

            parts.Add(string.Create(c, $"fold {Path.GetFileName(member)} {Accuracy(probabilities, gold):P1}"));
        }

        string soup = Path.Combine(folds, "soup");
        string soupAccuracy = Directory.Exists(soup) ? Accuracy(Probabilities(run, soup, set), gold).ToString("P1", c) : "n/a";
        Console.WriteLine(string.Create(c, $"  {task} on test: {string.Join(", ", parts)}; ensemble (mean probability) {Accuracy(sum, gold):P1}; soup {soupAccuracy}; the run's model {Accuracy(Probabilities(run, null, set), gold):P1}"));
    }

    private static double[][] Probabilities(string run, string? model, TaskDataSet set)
    {
        using var classifier = ModelTextClassifier.Load(run, new ModelClassifierOptions { Workers = 2 }, model);
        return classifier.ClassifyAll(set.Test.Select(e => e.Input).ToList()).Select(p => p.Probabilities.ToArray()).ToArray();
    }

    private static double Accuracy(double[][] probabilities, int[] gold)
    {
        int right = 0;
        for (int n = 0; n < gold.Length; n++)
        {
            int best = 0;
            for (int i = 1; i < probabilities[n].Length; i++)
                if (probabilities[n][i] > probabilities[n][best]) best = i;
            if (best == gold[n]) right++;
        }

        return (double)right / gold.Length;
    }
}
