namespace Wren.Data.Curation.Pipeline;

/// <summary>Counts of one score in fixed bins, separately for documents the step kept and dropped.</summary>
public sealed class ScoreHistogram
{
    public required double Min { get; init; }

    public required double Max { get; init; }

    public bool Log { get; init; }

    public required long[] Kept { get; init; }

    public required long[] Dropped { get; init; }

    public static ScoreHistogram For(ScoreHistogramSpec spec) =>
        new() { Min = spec.Min, Max = spec.Max, Log = spec.Log, Kept = new long[spec.Bins], Dropped = new long[spec.Bins] };

    public void Merge(ScoreHistogram other)
    {
        for (int i = 0; i < Kept.Length && i < other.Kept.Length; i++)
        {
            Kept[i] += other.Kept[i];
            Dropped[i] += other.Dropped[i];
        }
    }
}
