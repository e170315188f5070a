namespace Wren.Pipeline.Explore;

/// <summary>A table (CSV/TSV, JSONL, Parquet, a SQLite table): its rows, its text column and its other columns.</summary>
public sealed record TableInventory(string Source, string Format, long Rows, string TextColumn, IReadOnlyList<ColumnInventory> Columns);
