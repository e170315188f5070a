namespace Wren.Pipeline.Explore;

/// <summary>A learning-curve point: cross-validated accuracy with each fold's model trained on <see cref="Share"/> of its training examples (<see cref="TrainingExamples"/> on average).</summary>
public sealed record CurvePoint(double Share, int TrainingExamples, double Accuracy);
