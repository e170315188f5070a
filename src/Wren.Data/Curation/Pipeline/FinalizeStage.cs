using System.Text.Json;
using Wren.Data.Curation.Dedup;
using Wren.Data.Documents;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// The last per-shard stage: drops the duplicates the cluster stage chose, removes boilerplate
/// lines, and writes <c>curated/part-NNNNN.jsonl.zst</c> and <c>rejected/part-NNNNN.jsonl.zst</c>
/// (the per-document rejections first, then the corpus-level ones), numbered like the input
/// shards, so the output is the same whatever the thread count.
/// </summary>
public sealed class FinalizeStage : ICurationStage
{
    private readonly CurationLayout _layout;
    private readonly int _shards;
    private readonly bool _dedup;
    private readonly BoilerplateOptions _boilerplate;
    private readonly Lazy<HashSet<ulong>> _boilerplateLines;

    public FinalizeStage(CurationLayout layout, int shards, bool dedup, BoilerplateOptions boilerplate)
    {
        _layout = layout;
        _shards = shards;
        _dedup = dedup;
        _boilerplate = boilerplate;
        _boilerplateLines = new Lazy<HashSet<ulong>>(() => DedupFiles.ReadHashSet(DedupFiles.Boilerplate(layout.Dedup)));
    }

    public string Name => "finalize";

    public int TaskCount => _shards;

    public void RunTask(int task, CancellationToken cancellationToken)
    {
        var steps = new List<IDocumentStep>();
        if (_dedup)
        {
            string removals = DedupFiles.Removals(_layout.Dedup, task);
            var list = File.ReadLines(removals).Select(l => JsonSerializer.Deserialize<DuplicateRemoval>(l)!);
            steps.Add(new DuplicateRemovalStep(list));
        }
        if (_boilerplate.Enabled)
        {
            steps.Add(new BoilerplateStep(_boilerplateLines.Value, _boilerplate.MinChars));
        }
        var chain = new StepChain(steps);
        var curated = new JsonlShardWriter(_layout.Curated, "part", long.MaxValue, task);
        var rejected = new JsonlShardWriter(_layout.Rejected, "part", long.MaxValue, task);
        try
        {
            string mapRejected = CurationLayout.Shard(_layout.MapRejected, task);
            if (File.Exists(mapRejected))
            {
                foreach (var (line, _) in JsonlReader.ReadLines(mapRejected))
                {
                    var bytes = line.ToArray();
                    rejected.Write(w => w.WriteRawValue(bytes, skipInputValidation: true));
                }
            }
            string kept = CurationLayout.Shard(_layout.Map, task);
            if (File.Exists(kept))
            {
                foreach (var document in DocumentShardReader.Read(kept))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var working = new WorkingDocument(document);
                    // Scores from the map stage travel in metadata.wren; start from them so new ones add to them.
                    if (document.Metadata["wren"] is System.Text.Json.Nodes.JsonObject scores)
                    {
                        foreach (var (key, value) in scores)
                        {
                            working.Scores[key] = value?.DeepClone();
                        }
                        document.Metadata.Remove("wren");
                    }
                    var rejection = chain.Run(working);
                    var output = working.ToDocument();
                    if (rejection is null)
                    {
                        curated.Write(output);
                    }
                    else
                    {
                        rejected.Write(w => RejectedRecord.Write(w, rejection, output));
                    }
                }
            }
            curated.Dispose();
            rejected.Dispose();
        }
        catch
        {
            curated.Abort();
            rejected.Abort();
            throw;
        }
        StatisticsJson.WriteTaskStats(_layout.TaskStats(Name, task), chain.Complete());
    }
}
