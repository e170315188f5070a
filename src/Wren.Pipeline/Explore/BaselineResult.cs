namespace Wren.Pipeline.Explore;

/// <summary>
/// A cross-validated baseline beside the majority class: its accuracy at the regularisation the cross-validation chose
/// (<see cref="L2"/>, from <see cref="L2Trials"/>), and its learning curve (<see cref="Curve"/>: the same folds with
/// each model trained on a share of its training examples), which the lift estimate extrapolates.
/// </summary>
public sealed record BaselineResult(string Method, double Accuracy, double MacroF1, double MajorityAccuracy, int Folds, int Examples)
{
    /// <summary>The L2 strength chosen: the best cross-validated accuracy of the grid.</summary>
    public float? L2 { get; init; }

    /// <summary>Each L2 strength tried and its cross-validated accuracy.</summary>
    public IReadOnlyList<L2Trial> L2Trials { get; init; } = [];

    /// <summary>Accuracy by training examples per fold, smallest share first, the last the full folds (<see cref="Accuracy"/>).</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];
}
