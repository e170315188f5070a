namespace Wren.Eval.Reports;

/// <summary>The metrics one model got on one task, named as lm-evaluation-harness names them.</summary>
public sealed record TaskScore
{
    public required string Task { get; init; }

    public required string Kind { get; init; }

    /// <summary>Questions (documents for perplexity) scored.</summary>
    public required int Count { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Items scored per second.</summary>
    public double ItemsPerSecond => Count / Math.Max(Seconds, 1e-9);

    /// <summary>The metric a comparison leads with: bits_per_byte, acc or exact_match.</summary>
    public string PrimaryMetric => Metrics.ContainsKey("bits_per_byte") ? "bits_per_byte" : Metrics.ContainsKey("acc") ? "acc" : "exact_match";
}
