namespace Wren.Eval.Reports;

/// <summary>Which way each metric improves and which are shown in summaries.</summary>
public static class MetricInfo
{
    /// <summary>Perplexities and bits per byte fall as a model improves; everything else rises.</summary>
    public static bool LowerIsBetter(string metric) => metric.Contains("perplexity", StringComparison.Ordinal) || metric == "bits_per_byte";

    /// <summary>Metrics worth a column in a comparison (not counts, standard errors or chance).</summary>
    public static bool IsHeadline(string metric) => metric is "perplexity" or "bits_per_byte" or "word_perplexity" or "acc" or "acc_norm" or "exact_match" or "contains" or "extracted_match";
}
