using Wren.Data.Sources;
using Wren.Runtime;

namespace Wren.Pipeline.Explore;

/// <summary>What <see cref="Explorer"/> reads and how much of it it looks at closely.</summary>
public sealed record ExploreOptions
{
    /// <summary>Files and folders, read as <c>wren ingest</c> reads them.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public SourceOptions Source { get; init; } = new();

    /// <summary>
    /// Bytes of input analysed in full (curation dry run, PII, language, near-duplicates). Every document is read and
    /// counted; above this size a seeded share of the documents is analysed and the report says which share.
    /// </summary>
    public long AnalyseBytes { get; init; } = 128L << 20;

    /// <summary>
    /// Most examples a candidate's baseline is cross-validated on (a seeded sample above it). The learning curve's lift
    /// estimate reads the baseline at all of the candidate's examples, so a larger sample buys little for its cost.
    /// </summary>
    public int BaselineExamples { get; init; } = 1000;

    /// <summary>Measure each classification candidate's baseline (off: candidates are found and priced only).</summary>
    public bool MeasureBaselines { get; init; } = true;

    /// <summary>Folds of the baseline's cross-validation.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Fewest examples a label needs to count (as <c>wren task data --min-per-label</c>).</summary>
    public int MinPerLabel { get; init; } = 10;

    public ulong Seed { get; init; } = 1;

    /// <summary>GPU of the cost estimates for larger runs (<c>wren plan --gpu</c>).</summary>
    public string Gpu { get; init; } = "H100";

    public double PricePerGpuHour { get; init; } = 2.5;

    /// <summary>Measure this CPU (a few seconds) for the training-time estimates; off, a typical 2-core figure is assumed.</summary>
    public bool MeasureCpu { get; init; } = true;

    /// <summary>A tokenizer.json to count tokens exactly; without it tokens are estimated from UTF-8 bytes.</summary>
    public string? Tokenizer { get; init; }

    /// <summary>Refuses settings the analysis cannot run with, naming the option and the value given.</summary>
    public void Validate()
    {
        if (AnalyseBytes < 0) throw new WrenException($"--analyse-mb must not be negative (got {AnalyseBytes >> 20})");
        if (Folds is < 2 or > 10) throw new WrenException($"--folds must be 2 to 10 (got {Folds})");
        if (MinPerLabel < 2) throw new WrenException($"--min-per-label must be at least 2 (got {MinPerLabel})");
    }
}
