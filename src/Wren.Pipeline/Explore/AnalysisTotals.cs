namespace Wren.Pipeline.Explore;

/// <summary>What the analysers found, per worker; merged in worker order once reading is done.</summary>
internal sealed class AnalysisTotals
{
    public long Documents { get; set; }

    public long Bytes { get; set; }

    public long Tokens { get; set; }

    public long Kept { get; set; }

    public long KeptBytes { get; set; }

    /// <summary>Kept prose documents of 300 words or more (pdf, docx, html, md, txt): reference text for grounded answers.</summary>
    public long ReferenceDocuments { get; set; }

    public long ReferenceBytes { get; set; }

    public Dictionary<string, long> Languages { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Pii { get; } = new(StringComparer.Ordinal);

    public List<PiiExample> PiiExamples { get; } = [];

    public SortedDictionary<string, KindState> Kinds { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, FieldFamily> Families { get; } = new(StringComparer.Ordinal);

    /// <summary>Stopwatch ticks spent in each part of the close look, summed over the workers.</summary>
    public SortedDictionary<string, long> Ticks { get; } = new(StringComparer.Ordinal);

    public void Time(string part, long started) => Ticks[part] = Ticks.GetValueOrDefault(part) + System.Diagnostics.Stopwatch.GetTimestamp() - started;

    public KindState Kind(string kind)
    {
        if (!Kinds.TryGetValue(kind, out var state)) Kinds[kind] = state = new KindState();
        return state;
    }

    public FieldFamily Family(string family)
    {
        if (!Families.TryGetValue(family, out var state)) Families[family] = state = new FieldFamily();
        return state;
    }

    public void Merge(AnalysisTotals other)
    {
        Documents += other.Documents;
        Bytes += other.Bytes;
        Tokens += other.Tokens;
        Kept += other.Kept;
        KeptBytes += other.KeptBytes;
        ReferenceDocuments += other.ReferenceDocuments;
        ReferenceBytes += other.ReferenceBytes;
        foreach (var (k, v) in other.Languages) Languages[k] = Languages.GetValueOrDefault(k) + v;
        foreach (var (k, v) in other.Pii) Pii[k] = Pii.GetValueOrDefault(k) + v;
        foreach (var e in other.PiiExamples)
            if (PiiExamples.Count(x => x.Type == e.Type) < 3) PiiExamples.Add(e);
        foreach (var (k, v) in other.Kinds) Kind(k).Merge(v);
        foreach (var (k, v) in other.Families) Family(k).Merge(v);
        foreach (var (k, v) in other.Ticks) Ticks[k] = Ticks.GetValueOrDefault(k) + v;
    }
}
