namespace Wren.Pipeline.Explore;

/// <summary>What the default curation recipe would keep and drop, duplicates, and PII (counts and masked examples).</summary>
public sealed record QualitySection
{
    public required long Analysed { get; init; }

    public required long Kept { get; init; }

    public required IReadOnlyList<KindQuality> ByKind { get; init; }

    public required long ExactDuplicates { get; init; }

    public required long NearDuplicates { get; init; }

    public required double ExactDuplicateRate { get; init; }

    public required double NearDuplicateRate { get; init; }

    /// <summary>PII findings in context with every value replaced by its placeholder (never the value).</summary>
    public required IReadOnlyList<PiiExample> PiiExamples { get; init; }
}
