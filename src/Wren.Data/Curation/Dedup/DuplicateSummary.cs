namespace Wren.Data.Curation.Dedup;

/// <summary>What dedup found over the whole corpus (written to <c>work/dedup/clusters.json</c>, copied into stats.json).</summary>
public sealed record DuplicateSummary
{
    public long Clusters { get; init; }

    public long DocumentsInClusters { get; init; }

    /// <summary>Distinct lines and paragraphs found in enough documents to be removed as boilerplate.</summary>
    public long BoilerplateLines { get; init; }

    /// <summary>The largest clusters (up to 20), members capped at 10 each.</summary>
    public List<DuplicateCluster> Largest { get; init; } = [];
}
