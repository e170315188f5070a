namespace Wren.Eval.Classification;

/// <summary>Test accuracy of one system trained on a share of the training examples.</summary>
public sealed record LearningCurvePoint(string System, double Fraction, int Examples, double Accuracy);
