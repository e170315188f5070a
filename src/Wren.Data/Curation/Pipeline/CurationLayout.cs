namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Where a curation run keeps its outputs and intermediate files. Intermediate files live under
/// <c>work/</c>; completion markers under <c>work/done/</c> let an interrupted run resume.
/// </summary>
public sealed class CurationLayout
{
    public CurationLayout(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Curated => Path.Combine(Root, "curated");

    public string Rejected => Path.Combine(Root, "rejected");

    public string StatsFile => Path.Combine(Root, "stats.json");

    public string ReportFile => Path.Combine(Root, "report.html");

    public string Work => Path.Combine(Root, "work");

    public string Input => Path.Combine(Work, "input");

    public string Map => Path.Combine(Work, "map");

    public string MapRejected => Path.Combine(Work, "map-rejected");

    public string Dedup => Path.Combine(Work, "dedup");

    public string Stats => Path.Combine(Work, "stats");

    public string Done => Path.Combine(Work, "done");

    /// <summary>Cluster executors' job scripts and per-task logs.</summary>
    public string Logs => Path.Combine(Work, "logs");

    public string RecipeFile => Path.Combine(Work, "recipe.yaml");

    public string InputsFile => Path.Combine(Work, "inputs.txt");

    /// <summary>Each input's size, time and sample hash when the run started (<see cref="InputFingerprint"/>).</summary>
    public string InputStateFile => Path.Combine(Work, "inputs-state.tsv");

    public static string Shard(string directory, int index) => Path.Combine(directory, $"part-{index:D5}.jsonl.zst");

    public string Marker(string stage, int task) => Path.Combine(Done, $"{stage}-{task:D5}");

    public string TaskLog(string stage, int task) => Path.Combine(Logs, $"{stage}-{task:D5}.log");

    public string TaskStats(string stage, int task) => Path.Combine(Stats, $"{stage}-{task:D5}.json");
}
