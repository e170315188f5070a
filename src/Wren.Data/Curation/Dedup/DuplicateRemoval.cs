namespace Wren.Data.Curation.Dedup;

/// <summary>A document the cluster stage decided to drop: its index in its shard, why, and which document was kept instead.</summary>
public sealed record DuplicateRemoval(int Index, string Rule, double Value, double Threshold, string KeptId, int ClusterSize);
