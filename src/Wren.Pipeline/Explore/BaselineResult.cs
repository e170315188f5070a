namespace Wren.Pipeline.Explore;

/// <summary>
/// A cross-validated baseline beside the majority class: its accuracy (on <see cref="Scored"/> of the examples, the
/// folds other than the validation fold) at the regularisation the validation fold chose (<see cref="L2"/>, from
/// <see cref="L2Trials"/>), and its learning curve (<see cref="Curve"/>: the same folds with each model trained on a
/// share of its training examples), which the lift estimate extrapolates.
/// </summary>
public sealed record BaselineResult(string Method, double Accuracy, double MacroF1, double MajorityAccuracy, int Folds, int Examples)
{
    /// <summary>The L2 strength chosen: the grid's best on the validation fold.</summary>
    public float? L2 { get; init; }

    /// <summary>Examples the accuracy is measured on (those outside the validation fold).</summary>
    public int Scored { get; init; }

    /// <summary>Each L2 strength tried and its accuracy on the validation fold.</summary>
    public IReadOnlyList<L2Trial> L2Trials { get; init; } = [];

    /// <summary>Accuracy by training examples per fold, smallest share first, the last the full folds (<see cref="Accuracy"/>).</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];
}
