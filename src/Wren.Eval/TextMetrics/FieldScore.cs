namespace Wren.Eval.TextMetrics;

/// <summary>One field of an extract task, averaged over the examples: exact match of the value and SQuAD token F1 of its text.</summary>
public sealed record FieldScore(double ExactMatch, double TokenF1);
