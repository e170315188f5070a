namespace Wren.Pipeline.Explore;

/// <summary>
/// A quick baseline measured on a candidate's examples. Kept behind this interface so the task evaluator's own
/// TF-IDF baseline (issue 19's <c>TfIdfLogisticRegression</c>) can take its place once both are in one tree.
/// </summary>
public interface ITextBaseline
{
    /// <summary>Cross-validated accuracy and macro-F1 of the baseline, beside the majority class, on <paramref name="examples"/>.</summary>
    BaselineResult Evaluate(IReadOnlyList<(string Text, string Label)> examples, int folds, ulong seed, CancellationToken cancellationToken);
}
