namespace Wren.Training.Data;

/// <summary>What <see cref="CorpusTokenizer"/> wrote.</summary>
public sealed record CorpusTokenizeResult
{
    public required long TrainDocuments { get; init; }

    public required long TrainTokens { get; init; }

    public required long ValidationDocuments { get; init; }

    public required long ValidationTokens { get; init; }

    public required IReadOnlyList<string> Files { get; init; }

    public required long Characters { get; init; }
}
