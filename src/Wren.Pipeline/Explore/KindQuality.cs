namespace Wren.Pipeline.Explore;

/// <summary>Curation's decisions over one kind of source (email, pdf, csv...).</summary>
public sealed record KindQuality(string Kind, long Documents, long Kept, IReadOnlyDictionary<string, long> Dropped, IReadOnlyList<DropExample> Examples);
