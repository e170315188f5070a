namespace Wren.Pipeline.Explore;

/// <summary>Size and cost: tokens after curation, each preset from scratch and a named base model fine-tuned, and Chinchilla's view.</summary>
public sealed record CostSection
{
    public required double TokensAfterCuration { get; init; }

    public required string Gpu { get; init; }

    public required double? PricePerGpuHour { get; init; }

    /// <summary>This machine's measured (or assumed) sustained FP32 matmul rate used for the CPU times.</summary>
    public required double CpuFlops { get; init; }

    public required bool CpuMeasured { get; init; }

    public required IReadOnlyList<CostRow> Rows { get; init; }

    /// <summary>Chinchilla's view in one sentence: the compute-optimal model for this many tokens.</summary>
    public required string Chinchilla { get; init; }

    /// <summary>Parameters for which the curated tokens are Chinchilla-optimal (D / 20).</summary>
    public required double ChinchillaParameters { get; init; }
}
