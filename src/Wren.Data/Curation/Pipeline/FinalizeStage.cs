using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Recipe;
using Wren.Data.Documents;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// The last per-shard stage: drops the duplicates the cluster stage chose, removes boilerplate
/// lines, and writes <c>curated/part-NNNNN.jsonl.zst</c>; moves the map stage's per-document
/// rejections to <c>rejected/part-NNNNN.jsonl.zst</c> and writes the corpus-level ones (dedup,
/// boilerplate) to <c>rejected/corpus-NNNNN.jsonl.zst</c>, all numbered like the input shards, so
/// the output is the same whatever the thread count.
/// </summary>
public sealed class FinalizeStage : ICurationStage
{
    private readonly CurationLayout _layout;
    private readonly int _shards;
    private readonly bool _dedup;
    private readonly BoilerplateOptions _boilerplate;
    private readonly Lazy<HashSet<ulong>> _boilerplateLines;
    private readonly SourceKinds _kinds;

    public FinalizeStage(CurationLayout layout, int shards, bool dedup, BoilerplateOptions boilerplate, SourceKinds kinds)
    {
        _kinds = kinds;
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
        var rejected = new JsonlShardWriter(_layout.Rejected, "corpus", long.MaxValue, task);
        try
        {
            // The map stage wrote its rejections in their final form: a rename, not a copy. A retried
            // task finds the file already moved.
            string mapRejected = CurationLayout.Shard(_layout.MapRejected, task);
            if (File.Exists(mapRejected))
            {
                Directory.CreateDirectory(_layout.Rejected);
                File.Move(mapRejected, CurationLayout.Shard(_layout.Rejected, task), overwrite: true);
            }
            string kept = CurationLayout.Shard(_layout.Map, task);
            long read = 0;
            if (File.Exists(kept))
            {
                foreach (var (line, number) in JsonlReader.ReadLines(kept))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    read++;
                    var document = Document.Parse(line.Span, $"{kept}:{number}");
                    var working = new WorkingDocument(document) { Kind = _kinds.KindOf(document) };
                    // Scores from the map stage travel in metadata.wren; start from them so new ones add to them
                    // (the output writes the scores in metadata.wren's place).
                    if (document.Metadata["wren"] is JsonObject scores)
                    {
                        foreach (var (key, value) in scores)
                        {
                            working.Scores[key] = value?.DeepClone();
                        }
                    }
                    var rejection = chain.Run(working);
                    if (rejection is not null)
                    {
                        rejected.Write(w => RejectedRecord.Write(w, rejection, working));
                    }
                    else if (working.Modified)
                    {
                        curated.Write(working.WriteTo);
                    }
                    else
                    {
                        // Most documents pass finalize untouched: their line is already what WriteTo would write.
                        curated.WriteRaw(line.Span);
                    }
                }
            }
            MapStage.CheckReadAll(_layout, task, kept, read);
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
