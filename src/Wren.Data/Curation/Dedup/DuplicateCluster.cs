namespace Wren.Data.Curation.Dedup;

/// <summary>A cluster of duplicates for the report: the document kept and the members dropped.</summary>
public sealed record DuplicateCluster
{
    public required int Size { get; init; }

    public required DuplicateMember Kept { get; init; }

    public required List<DuplicateMember> Dropped { get; init; }
}
