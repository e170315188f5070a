namespace Wren.Pipeline.Explore;

/// <summary>What <c>wren explore</c> found: written as <c>explore.json</c> and rendered as <c>explore.html</c>.</summary>
public sealed record ExploreReport
{
    public required IReadOnlyList<string> Sources { get; init; }

    public required long Documents { get; init; }

    public required long Bytes { get; init; }

    public required long Words { get; init; }

    /// <summary>Tokens of all documents: counted with the given tokenizer, else estimated (<see cref="TokensEstimated"/>).</summary>
    public required long Tokens { get; init; }

    public required bool TokensEstimated { get; init; }

    /// <summary>Share of the documents analysed in full (1 when the input was small enough).</summary>
    public required double AnalysedFraction { get; init; }

    /// <summary>Documents per language among those analysed (ISO 639-1 codes).</summary>
    public required IReadOnlyDictionary<string, long> Languages { get; init; }

    /// <summary>PII findings by type among those analysed.</summary>
    public required IReadOnlyDictionary<string, long> Pii { get; init; }

    /// <summary>Share of the analysed documents the default curation recipe keeps (before deduplication).</summary>
    public required double KeptFraction { get; init; }

    public required InventorySection Inventory { get; init; }

    public required QualitySection Quality { get; init; }

    public required IReadOnlyList<TaskCandidateReport> Candidates { get; init; }

    public required CostSection Cost { get; init; }

    /// <summary>Messages that look like spam where nothing labels spam (the first 10,000), to review and file; written to spam-like.txt.</summary>
    public IReadOnlyList<string> SpamLikeMessages { get; init; } = [];

    public required double Seconds { get; init; }

    /// <summary>Where the time went, phase by phase (see <see cref="PhaseTiming"/>).</summary>
    public IReadOnlyList<PhaseTiming> Timings { get; init; } = [];
}
