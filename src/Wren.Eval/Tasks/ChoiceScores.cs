namespace Wren.Eval.Tasks;

/// <summary>The loglikelihood of every choice of one question and which choice each metric picked.</summary>
public sealed record ChoiceScores(IReadOnlyList<double> LogLikelihoods, int Gold, int Predicted, int PredictedNorm)
{
    public bool Correct => Predicted == Gold;

    public bool CorrectNorm => PredictedNorm == Gold;
}
