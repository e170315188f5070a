namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// What one step did over some documents: documents, bytes and words in and out, drops per rule,
/// changed documents, named counters, time spent, score histograms and a few dropped examples per
/// rule. Each task fills its own; <see cref="Merge"/> adds them in task order so the result does
/// not depend on how many threads ran.
/// </summary>
public sealed class StepStatistics
{
    /// <summary>Examples kept per rule (the first ones in input order).</summary>
    public const int MaxExamplesPerRule = 3;

    public required string Step { get; init; }

    public long DocumentsIn { get; set; }

    public long BytesIn { get; set; }

    public long WordsIn { get; set; }

    public long Kept { get; set; }

    public long BytesOut { get; set; }

    public long WordsOut { get; set; }

    /// <summary>Kept documents whose text the step rewrote.</summary>
    public long Changed { get; set; }

    public SortedDictionary<string, long> Dropped { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Counters { get; init; } = new(StringComparer.Ordinal);

    public double Seconds { get; set; }

    public SortedDictionary<string, ScoreHistogram> Histograms { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, List<RejectionExample>> Examples { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Documents in and kept per source kind (document, mail, record, web): the report's funnel per kind.</summary>
    public SortedDictionary<string, KindCounts> Kinds { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The counts of <paramref name="kind"/>, created at zero the first time.</summary>
    public KindCounts KindCountsFor(string kind)
    {
        if (!Kinds.TryGetValue(kind, out var counts))
        {
            Kinds[kind] = counts = new KindCounts();
        }
        return counts;
    }

    public long DroppedTotal => Dropped.Values.Sum();

    /// <summary>Input megabytes (10^6 bytes) per second of the step's own time; 0 when it took none.</summary>
    public double MegabytesPerSecond => Seconds > 0 ? BytesIn / 1e6 / Seconds : 0;

    /// <summary>The <paramref name="count"/> rules that dropped the most documents, most first (ties by name).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TopRules(int count) =>
        Dropped.OrderByDescending(kv => kv.Value).Take(count).ToList();

    public void RecordDrop(string rule, RejectionExample example)
    {
        Dropped[rule] = Dropped.TryGetValue(rule, out long n) ? n + 1 : 1;
        if (!Examples.TryGetValue(rule, out var list))
        {
            Examples[rule] = list = new List<RejectionExample>();
        }
        if (list.Count < MaxExamplesPerRule)
        {
            list.Add(example);
        }
    }

    public void Merge(StepStatistics other)
    {
        DocumentsIn += other.DocumentsIn;
        BytesIn += other.BytesIn;
        WordsIn += other.WordsIn;
        Kept += other.Kept;
        BytesOut += other.BytesOut;
        WordsOut += other.WordsOut;
        Changed += other.Changed;
        Seconds += other.Seconds;
        foreach (var (rule, n) in other.Dropped)
        {
            Dropped[rule] = Dropped.TryGetValue(rule, out long m) ? m + n : n;
        }
        foreach (var (kind, counts) in other.Kinds)
        {
            var mine = KindCountsFor(kind);
            mine.In += counts.In;
            mine.Kept += counts.Kept;
        }
        foreach (var (name, n) in other.Counters)
        {
            Counters[name] = Counters.TryGetValue(name, out long m) ? m + n : n;
        }
        foreach (var (name, histogram) in other.Histograms)
        {
            if (Histograms.TryGetValue(name, out var mine))
            {
                mine.Merge(histogram);
            }
            else
            {
                Histograms[name] = new ScoreHistogram { Min = histogram.Min, Max = histogram.Max, Log = histogram.Log, Kept = (long[])histogram.Kept.Clone(), Dropped = (long[])histogram.Dropped.Clone() };
            }
        }
        foreach (var (rule, examples) in other.Examples)
        {
            if (!Examples.TryGetValue(rule, out var list))
            {
                Examples[rule] = list = new List<RejectionExample>();
            }
            foreach (var example in examples)
            {
                if (list.Count < MaxExamplesPerRule)
                {
                    list.Add(example);
                }
            }
        }
    }
}
