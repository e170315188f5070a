namespace Wren.Pipeline.Explore;

/// <summary>A cross-validated baseline beside the majority class.</summary>
public sealed record BaselineResult(string Method, double Accuracy, double MacroF1, double MajorityAccuracy, int Folds, int Examples);
