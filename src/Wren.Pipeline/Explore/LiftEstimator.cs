using System.Globalization;

namespace Wren.Pipeline.Explore;

/// <summary>
/// The expected lift of more labelled data, from a baseline's learning curve: the error rate fitted as a power law of
/// the training examples (error = a·n^-b, least squares in log-log over the curve's points, the usual shape of
/// learning curves), then read at the examples the task would train on: all of the candidate's examples when the
/// baseline saw a sample of them, else twice as many (as many again labelled). Never read past ten times the
/// measured size, and a curve that does not fall (b ≤ 0) expects no lift.
/// </summary>
public static class LiftEstimator
{
    /// <summary>Farthest the curve is extrapolated, as a multiple of the largest measured size.</summary>
    public const double MaxExtrapolation = 10;

    /// <param name="baseline">The measured baseline, with at least two curve points.</param>
    /// <param name="examples">The candidate's examples in the data (the task's training set is (folds-1)/folds of them, as in the cross-validation).</param>
    public static LiftEstimate? Estimate(BaselineResult baseline, long examples)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var points = baseline.Curve.Where(p => p.TrainingExamples > 0).ToList();
        if (points.Count < 2) return null;
        var last = points[^1];
        bool sampled = examples > baseline.Examples;
        long target = sampled ? examples * (baseline.Folds - 1) / baseline.Folds : 2L * last.TrainingExamples;
        target = (long)Math.Min(target, MaxExtrapolation * last.TrainingExamples);
        string sizes = string.Join(", ", points.Select(p => p.TrainingExamples.ToString("N0", CultureInfo.InvariantCulture)));
        string where = sampled ? Explorer.Invariant($"all {examples:N0} examples the data has (training on {target:N0})") : Explorer.Invariant($"twice the labelled examples ({target:N0} training)");
        if (last.Accuracy >= 1) return new LiftEstimate(last.TrainingExamples, target, last.Accuracy, last.Accuracy, 0, Explorer.Invariant($"Estimate: none; the baseline is already right on every example at {last.TrainingExamples:N0} training examples."));

        // Errors of zero cannot be logged; a point with none is given half an error, as a pseudo-count would.
        var xs = points.Select(p => Math.Log(p.TrainingExamples)).ToArray();
        var ys = points.Select(p => Math.Log(Math.Max(1 - p.Accuracy, 0.5 / baseline.Examples))).ToArray();
        double mx = xs.Average(), my = ys.Average();
        double sxx = xs.Sum(x => (x - mx) * (x - mx)), sxy = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my));
        if (sxx <= 0) return null;
        double b = -sxy / sxx;
        if (b <= 0)
            return new LiftEstimate(last.TrainingExamples, target, last.Accuracy, last.Accuracy, b, Explorer.Invariant(
                $"Estimate: no lift expected from more of the same labels; the baseline's cross-validated accuracy did not rise with its training examples ({sizes}: {Accuracies(points)})."));

        // Anchored at the measured full-size point (the curve's slope, its level from the figure the report shows).
        double error = (1 - last.Accuracy) * Math.Pow((double)target / last.TrainingExamples, -b);
        double expected = Math.Max(last.Accuracy, 1 - error);
        return new LiftEstimate(last.TrainingExamples, target, last.Accuracy, expected, b, Explorer.Invariant(
            $"Estimate from the baseline's learning curve ({sizes} training examples: {Accuracies(points)}), error fitted as n^-{b:0.00} and extrapolated to {where}; not a measured figure."));
    }

    private static string Accuracies(IEnumerable<CurvePoint> points) => string.Join(", ", points.Select(p => p.Accuracy.ToString("P1", CultureInfo.InvariantCulture)));
}
