namespace Wren.Pipeline.Explore;

/// <summary>Curation's decisions over one kind of source.</summary>
internal sealed class KindState
{
    public long Documents { get; set; }

    public long Kept { get; set; }

    public SortedDictionary<string, long> Dropped { get; } = new(StringComparer.Ordinal);

    public List<DropExample> Examples { get; } = [];

    public void Merge(KindState other)
    {
        Documents += other.Documents;
        Kept += other.Kept;
        foreach (var (k, v) in other.Dropped) Dropped[k] = Dropped.GetValueOrDefault(k) + v;
        foreach (var e in other.Examples)
            if (Examples.Count(x => x.Rule == e.Rule) < 2) Examples.Add(e);
    }
}
