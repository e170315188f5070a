namespace Wren.Data.Curation.Dedup;

/// <summary>One member of a duplicate cluster: id, length, and similarity to the kept document.</summary>
public sealed record DuplicateMember(string Id, int Chars, string Rule, double Jaccard);
