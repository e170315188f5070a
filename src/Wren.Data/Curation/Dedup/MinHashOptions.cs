using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Dedup;

/// <summary>Recipe section <c>dedup</c>.</summary>
public sealed record MinHashOptions
{
    /// <summary>Drop documents whose normalized text (lower-cased words) is identical to another's.</summary>
    [YamlMember(Description = @"drop copies with identical normalized text")]
    public bool Exact { get; init; } = true;

    /// <summary>Drop near-duplicates found by MinHash LSH.</summary>
    [YamlMember(Description = @"drop near-duplicates")]
    public bool Near { get; init; } = true;

    /// <summary>Words per shingle.</summary>
    [YamlMember(Description = @"words per shingle")]
    public int NGram { get; init; } = 5;

    /// <summary>LSH bands; bands x rows = number of hash permutations (14 x 8 = 112).</summary>
    [YamlMember(Description = @"LSH bands (bands x rows hash permutations)")]
    public int Bands { get; init; } = 14;

    [YamlMember(Description = @"rows per band")]
    public int Rows { get; init; } = 8;

    /// <summary>Candidate pairs are duplicates when their estimated Jaccard similarity reaches this.</summary>
    [YamlMember(Description = @"candidate pairs are duplicates at this estimated Jaccard")]
    public double Threshold { get; init; } = 0.8;

    /// <summary>Which member of a duplicate cluster to keep: longest, newest (metadata date), or first (input order).</summary>
    [YamlMember(Description = @"longest | newest | first: which cluster member survives")]
    public string Keep { get; init; } = "longest";

    /// <summary>Seed of the hash permutations (same seed, same signatures).</summary>
    [YamlMember(Description = @"seed of the hash permutations")]
    public ulong Seed { get; init; } = 1;
}
