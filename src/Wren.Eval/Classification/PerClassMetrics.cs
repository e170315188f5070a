namespace Wren.Eval.Classification;

/// <summary>One label's precision, recall, F1 and support (how many test examples have it).</summary>
public sealed record PerClassMetrics(string Label, double Precision, double Recall, double F1, int Support);
