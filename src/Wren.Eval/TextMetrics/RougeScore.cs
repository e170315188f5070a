namespace Wren.Eval.TextMetrics;

/// <summary>A ROUGE score: precision, recall and their harmonic mean (F-measure), each in [0, 1].</summary>
public readonly record struct RougeScore(double Precision, double Recall, double FMeasure)
{
    internal static RougeScore From(double precision, double recall) =>
        new(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
}
