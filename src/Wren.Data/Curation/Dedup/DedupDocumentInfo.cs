namespace Wren.Data.Curation.Dedup;

/// <summary>What the cluster stage needs about one document: id, length, date (for "newest") and normalized-text hash.</summary>
public sealed record DedupDocumentInfo(string Id, int Chars, long Time, ulong Exact);
