using Wren.Training.Data;

namespace Wren.Pipeline.Tokenization;

/// <summary>What <see cref="CorpusTokenizing"/> wrote: the shards, the held-out documents' file, the time the encoding took, and the records it could not read.</summary>
public sealed record CorpusTokenizingResult(CorpusTokenizeResult Shards, string HeldOutPath, TimeSpan Elapsed, long Skipped, string? FirstProblem)
{
    /// <summary>Characters encoded per second.</summary>
    public double CharactersPerSecond => Shards.Characters / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Tokens written per second, both splits.</summary>
    public double TokensPerSecond => (Shards.TrainTokens + Shards.ValidationTokens) / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
