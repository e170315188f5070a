namespace Wren.Pipeline.Explore;

/// <summary>A column of a table: how many rows fill it, how many distinct values (capped), and what it looks like.</summary>
public sealed record ColumnInventory(string Name, long Filled, int Distinct, bool DistinctCapped, double MeanLength, string Role);
