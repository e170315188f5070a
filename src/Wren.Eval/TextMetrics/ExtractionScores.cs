namespace Wren.Eval.TextMetrics;

/// <summary>What <see cref="ExtractionScorer"/> measured over a test split.</summary>
public sealed record ExtractionScores
{
    public int Count { get; init; }

    /// <summary>Share of outputs that parse as a JSON object and validate against the task's schema.</summary>
    public double Validity { get; init; }

    /// <summary>Macro average over fields of the per-field exact match.</summary>
    public double ExactMatch { get; init; }

    /// <summary>Macro average over fields of the per-field token F1.</summary>
    public double TokenF1 { get; init; }

    public IReadOnlyDictionary<string, FieldScore> Fields { get; init; } = new Dictionary<string, FieldScore>();
}
