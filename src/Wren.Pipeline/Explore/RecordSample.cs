namespace Wren.Pipeline.Explore;

/// <summary>A sampled row: its source, its text column (capped) and its other values.</summary>
internal sealed record RecordSample(string Source, string Text, IReadOnlyDictionary<string, string> Values);
