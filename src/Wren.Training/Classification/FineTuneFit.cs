namespace Wren.Training.Classification;

/// <summary>One fine-tune's kept weights as validation saw them: their accuracy, the epoch they were taken at, and every validation example's label log-likelihoods.</summary>
internal sealed record FineTuneFit(double Best, double BestEpoch, IReadOnlyList<double[]> Scores);
