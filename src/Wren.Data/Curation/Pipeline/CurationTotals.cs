namespace Wren.Data.Curation.Pipeline;

/// <summary>Documents, UTF-8 bytes and words at one point of the run.</summary>
public sealed record CurationTotals(long Documents, long Bytes, long Words);
