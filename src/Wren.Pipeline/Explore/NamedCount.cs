namespace Wren.Pipeline.Explore;

/// <summary>A name and how many times it occurs.</summary>
public sealed record NamedCount(string Name, long Count);
