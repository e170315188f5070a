using System.Text;

namespace Wren.Eval.TextMetrics;

/// <summary>
/// chrF (Popović 2015, "chrF: character n-gram F-score for automatic MT evaluation") as sacrebleu 2.x computes it
/// with its defaults: character n-grams of orders 1 to 6 over the text with whitespace removed, no word n-grams,
/// beta 2 (recall weighted twice as much as precision), and precision and recall averaged over the orders both sides
/// have before the F-score ("effective order"; <see cref="EpsilonSmoothing"/> instead averages per-order F-scores with
/// chrF++.py's epsilon, as <c>sentence_chrf(..., eps_smoothing=True)</c> does). Scores are 0-100. A corpus score sums
/// the per-segment statistics first, as <c>corpus_score</c> does. Hand-written: no .NET library computes chrF.
/// </summary>
public sealed class ChrF
{
    public int CharOrder { get; init; } = 6;

    public double Beta { get; init; } = 2;

    public bool EpsilonSmoothing { get; init; }

    /// <summary>sacrebleu's <c>sentence_score(prediction, [reference])</c>.</summary>
    public double Sentence(string prediction, string reference) => Score(Statistics(prediction, reference));

    /// <summary>sacrebleu's <c>corpus_score(predictions, [references])</c>: statistics summed over the segments.</summary>
    public double Corpus(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        if (predictions.Count != references.Count) throw new ArgumentException("predictions and references differ in number");
        var total = new long[3 * CharOrder];
        for (int i = 0; i < predictions.Count; i++)
        {
            var s = Statistics(predictions[i], references[i]);
            for (int k = 0; k < total.Length; k++) total[k] += s[k];
        }

        return Score(total);
    }

    /// <summary>Per order: [prediction n-grams, reference n-grams, matches] (prediction n-grams count 0 when the reference has none of that order, as in sacrebleu).</summary>
    private long[] Statistics(string prediction, string reference)
    {
        var p = CodePoints(prediction);
        var r = CodePoints(reference);
        var stats = new long[3 * CharOrder];
        for (int n = 1; n <= CharOrder; n++)
        {
            var hyp = NGrams(p, n);
            var refs = NGrams(r, n);
            long hypCount = 0, match = 0;
            foreach (var (gram, count) in hyp)
            {
                hypCount += count;
                if (refs.TryGetValue(gram, out int rc)) match += Math.Min(count, rc);
            }

            stats[3 * (n - 1)] = refs.Count > 0 ? hypCount : 0;
            stats[3 * (n - 1) + 1] = refs.Values.Sum();
            stats[3 * (n - 1) + 2] = match;
        }

        return stats;
    }

    private double Score(long[] stats)
    {
        const double Eps = 1e-16;
        double factor = Beta * Beta, score = 0, averagePrecision = 0, averageRecall = 0;
        int effective = 0;
        for (int i = 0; i < CharOrder; i++)
        {
            long hyp = stats[3 * i], reference = stats[3 * i + 1], match = stats[3 * i + 2];
            double precision = hyp > 0 ? (double)match / hyp : Eps;
            double recall = reference > 0 ? (double)match / reference : Eps;
            double denominator = factor * precision + recall;
            score += denominator > 0 ? (1 + factor) * precision * recall / denominator : Eps;
            if (hyp > 0 && reference > 0)
            {
                averagePrecision += precision;
                averageRecall += recall;
                effective++;
            }
        }

        if (EpsilonSmoothing) return 100 * score / CharOrder;
        if (effective == 0) return 0;
        averagePrecision /= effective;
        averageRecall /= effective;
        if (averagePrecision + averageRecall == 0) return 0;
        return 100 * (1 + factor) * averagePrecision * averageRecall / (factor * averagePrecision + averageRecall);
    }

    /// <summary>The text's code points with whitespace removed (Python's <c>''.join(line.split())</c>), as n-grams are taken over code points.</summary>
    private static int[] CodePoints(string text)
    {
        var points = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
            if (!Rune.IsWhiteSpace(rune)) points.Add(rune.Value);
        return [.. points];
    }

    private static Dictionary<string, int> NGrams(int[] points, int n)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        var key = new StringBuilder();
        for (int i = 0; i + n <= points.Length; i++)
        {
            key.Clear();
            for (int k = 0; k < n; k++) key.Append(char.ConvertFromUtf32(points[i + k]));
            string gram = key.ToString();
            grams[gram] = grams.GetValueOrDefault(gram) + 1;
        }

        return grams;
    }
}
