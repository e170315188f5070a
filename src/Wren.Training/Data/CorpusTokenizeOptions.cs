namespace Wren.Training.Data;

/// <summary>Settings for <see cref="CorpusTokenizer"/>.</summary>
public sealed record CorpusTokenizeOptions
{
    public required string OutputDirectory { get; init; }

    /// <summary>Share of documents held out for validation, chosen by a hash of the document id (stable across runs).</summary>
    public double ValidationFraction { get; init; } = 0.01;

    /// <summary>Shard size limit; llm.c's FineWeb shards hold 100M tokens.</summary>
    public long MaxTokensPerShard { get; init; } = 100_000_000;

    /// <summary>The token that precedes every document (llm.c puts the end-of-text token first).</summary>
    public string DocumentSeparator { get; init; } = "<|endoftext|>";

    /// <summary>Worker threads for encoding; 0 means one per core.</summary>
    public int Threads { get; init; }
}
