namespace Wren.Runtime.Classification;

/// <summary>
/// A classifier's answer for one input: the label it picks, its confidence (the picked label's probability) and the
/// probability of every label, in the classifier's label order.
/// </summary>
public sealed record ClassPrediction(int LabelIndex, string Label, double Confidence, IReadOnlyList<double> Probabilities);
