using Wren.Data.Sources;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// What the user gave <c>wren curate</c>: document shards (a previous <c>documents/</c> folder, JSONL
/// files with a "text" field), or anything <c>wren ingest</c> reads (files, folders, archives, a SQL
/// query), or both. See <see cref="CurationInputs.Prepare"/>.
/// </summary>
public sealed record CurationSources
{
    /// <summary>Files and folders, in the order given.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>How sources that are not document shards are read (globs, text column, SQL query, threads).</summary>
    public SourceOptions Ingest { get; init; } = new();

    /// <summary>
    /// Split the documents into this many input shards (each per-shard stage then has this many
    /// tasks), keeping their order; null keeps the shards as they are (ingested sources: 10,000
    /// documents per shard).
    /// </summary>
    public int? Tasks { get; init; }
}
