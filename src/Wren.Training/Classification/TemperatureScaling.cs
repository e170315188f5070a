namespace Wren.Training.Classification;

/// <summary>
/// Temperature scaling (Guo et al., 2017): the one number T that makes softmax(log-likelihood / T) over the labels
/// best calibrated, fitted by minimizing the validation set's negative log-likelihood (golden-section search on
/// log T over [0.05, 20]). It never changes which label wins, only how sure the classifier says it is.
/// </summary>
public static class TemperatureScaling
{
    /// <param name="scores">Per example, the label log-likelihoods.</param>
    /// <param name="gold">Per example, the right label's index.</param>
    public static double Fit(IReadOnlyList<double[]> scores, IReadOnlyList<int> gold)
    {
        if (scores.Count == 0) return 1;
        double lo = Math.Log(0.05), hi = Math.Log(20);
        double phi = (Math.Sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
        double fa = Nll(scores, gold, Math.Exp(a)), fb = Nll(scores, gold, Math.Exp(b));
        for (int i = 0; i < 60; i++)
        {
            if (fa < fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = Nll(scores, gold, Math.Exp(a));
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = Nll(scores, gold, Math.Exp(b));
            }
        }

        return Math.Exp((lo + hi) / 2);
    }

    /// <summary>Mean negative log-likelihood of the gold labels under softmax(scores / T).</summary>
    public static double Nll(IReadOnlyList<double[]> scores, IReadOnlyList<int> gold, double temperature)
    {
        double total = 0;
        for (int n = 0; n < scores.Count; n++)
        {
            var s = scores[n];
            double max = double.NegativeInfinity;
            foreach (double x in s) max = Math.Max(max, x / temperature);
            double sum = 0;
            foreach (double x in s) sum += Math.Exp(x / temperature - max);
            total += max + Math.Log(sum) - s[gold[n]] / temperature;
        }

        return total / scores.Count;
    }
}
