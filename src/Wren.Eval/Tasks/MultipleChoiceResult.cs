namespace Wren.Eval.Tasks;

/// <summary>acc and acc_norm over a set of questions, with the harness's standard errors.</summary>
public sealed record MultipleChoiceResult(IReadOnlyList<ChoiceScores> Questions)
{
    public double Accuracy => Mean(q => q.Correct);

    public double AccuracyNorm => Mean(q => q.CorrectNorm);

    /// <summary>Sample standard error of the mean (numpy's std with ddof=1 / sqrt(n)), as the harness reports.</summary>
    public double AccuracyStderr => Stderr(Accuracy);

    public double AccuracyNormStderr => Stderr(AccuracyNorm);

    /// <summary>Accuracy of guessing: mean of 1 / choices.</summary>
    public double Chance => Questions.Count == 0 ? 0 : Questions.Average(q => 1.0 / q.LogLikelihoods.Count);

    private double Mean(Func<ChoiceScores, bool> hit) => Questions.Count == 0 ? 0 : Questions.Count(hit) / (double)Questions.Count;

    private double Stderr(double p)
    {
        int n = Questions.Count;
        return n < 2 ? 0 : Math.Sqrt(p * (1 - p) * n / (n - 1) / n);
    }
}
