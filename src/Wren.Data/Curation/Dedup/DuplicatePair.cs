namespace Wren.Data.Curation.Dedup;

/// <summary>Two documents (shard, index) found similar, with their estimated Jaccard similarity (1 for exact copies).</summary>
public readonly record struct DuplicatePair(int ShardA, int DocA, int ShardB, int DocB, float Jaccard);
