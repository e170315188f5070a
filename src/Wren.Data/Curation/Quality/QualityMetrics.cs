namespace Wren.Data.Curation.Quality;

/// <summary>Held-out confusion counts of a quality classifier ("good" is the positive class).</summary>
public sealed record QualityMetrics(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public long Count => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double Accuracy => Count == 0 ? 0 : (double)(TruePositives + TrueNegatives) / Count;
}
