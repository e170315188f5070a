namespace Wren.Pipeline.Explore;

/// <summary>
/// An estimate, not a measurement: the accuracy the baseline is expected to reach with <see cref="TrainingExamples"/>
/// training examples instead of the <see cref="MeasuredExamples"/> it was cross-validated with, extrapolated from
/// its own learning curve (<see cref="Basis"/> says how), and the lift that is over the measured accuracy.
/// </summary>
public sealed record LiftEstimate(int MeasuredExamples, long TrainingExamples, double MeasuredAccuracy, double ExpectedAccuracy, double Exponent, string Basis)
{
    /// <summary>Expected minus measured accuracy (0 when the curve is flat).</summary>
    public double Lift => ExpectedAccuracy - MeasuredAccuracy;
}
