using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// Drops the documents the cluster stage marked in one shard (rules <c>exact_duplicate</c> and
/// <c>near_duplicate</c>, value: estimated Jaccard with the kept document). It identifies
/// documents by position, so one instance serves one shard, called once per document in order.
/// </summary>
public sealed class DuplicateRemovalStep : IDocumentStep
{
    private readonly Dictionary<int, DuplicateRemoval> _removals;
    private int _position;

    public DuplicateRemovalStep(IEnumerable<DuplicateRemoval> removals) => _removals = removals.ToDictionary(r => r.Index);

    public string Name => "dedup";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [];

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        int position = _position++;
        if (_removals.TryGetValue(position, out var removal))
        {
            counters.Add("cluster_members_dropped");
            string evidence = removal.Rule == "exact_duplicate"
                ? $"the same words as {removal.KeptId}, which is kept (a cluster of {removal.ClusterSize})"
                : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"estimated Jaccard similarity {removal.Value:0.###} (>= threshold {removal.Threshold:0.###}) with {removal.KeptId}, which is kept (a cluster of {removal.ClusterSize})");
            return StepResult.Drop(removal.Rule, removal.Value, removal.Threshold, evidence);
        }
        return StepResult.Keep;
    }
}
