using System.Text.Json;
using Wren.Data.Curation.Dedup;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// The content of <c>stats.json</c>: totals in and out, every step's statistics in run order, and
/// the summaries the report shows (languages, PII by type, duplicate clusters).
/// </summary>
public sealed record CurationStatistics
{
    public required CurationTotals Input { get; init; }

    public required CurationTotals Output { get; init; }

    public long Rejected { get; init; }

    public int Shards { get; init; }

    public int Threads { get; init; }

    public double WallSeconds { get; init; }

    public List<StepStatistics> Steps { get; init; } = [];

    public SortedDictionary<string, long> Languages { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Pii { get; init; } = new(StringComparer.Ordinal);

    public DuplicateSummary? Duplicates { get; init; }

    public static CurationStatistics Read(string path) =>
        JsonSerializer.Deserialize<CurationStatistics>(File.ReadAllText(path), StatisticsJson.Options)
        ?? throw new Wren.Runtime.WrenException($"{path}: empty statistics file");

    /// <summary>Merges task statistics (in task order) into run statistics.</summary>
    public static CurationStatistics Build(IEnumerable<StepStatistics[]> taskStatistics, int shards, int threads, double wallSeconds, DuplicateSummary? duplicates)
    {
        var steps = new List<StepStatistics>();
        var byName = new Dictionary<string, StepStatistics>(StringComparer.Ordinal);
        foreach (var task in taskStatistics)
        {
            foreach (var s in task)
            {
                if (!byName.TryGetValue(s.Step, out var merged))
                {
                    byName[s.Step] = merged = new StepStatistics { Step = s.Step };
                    steps.Add(merged);
                }
                merged.Merge(s);
            }
        }
        var languages = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var pii = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in steps)
        {
            foreach (var (name, value) in s.Counters)
            {
                if (name.StartsWith("language.", StringComparison.Ordinal))
                {
                    languages[name["language.".Length..]] = value;
                }
                else if (name.StartsWith("pii.", StringComparison.Ordinal))
                {
                    pii[name["pii.".Length..]] = value;
                }
            }
        }
        var first = steps.FirstOrDefault();
        var last = steps.LastOrDefault();
        return new CurationStatistics
        {
            Input = first is null ? new CurationTotals(0, 0, 0) : new CurationTotals(first.DocumentsIn, first.BytesIn, first.WordsIn),
            Output = last is null ? new CurationTotals(0, 0, 0) : new CurationTotals(last.Kept, last.BytesOut, last.WordsOut),
            Rejected = steps.Sum(s => s.DroppedTotal),
            Shards = shards,
            Threads = threads,
            WallSeconds = Math.Round(wallSeconds, 3),
            Steps = steps,
            Languages = languages,
            Pii = pii,
            Duplicates = duplicates,
        };
    }
}
