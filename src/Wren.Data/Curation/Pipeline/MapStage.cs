using Wren.Data.Curation.Recipe;
using Wren.Data.Documents;
using Wren.Runtime;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// The per-document stage: one task per input shard runs every document through the
/// per-document steps, writing survivors to <c>work/map</c> and drops to <c>work/map-rejected</c>
/// (each with its reason; already in the final form of <c>rejected/part-NNNNN.jsonl.zst</c>, which the
/// finalize stage moves into place instead of recompressing), and the task's statistics to <c>work/stats/map-NNNNN.json</c>.
/// A malformed input line is counted (<c>input.malformed_records</c>) and skipped, not fatal.
/// </summary>
public sealed class MapStage : ICurationStage
{
    private readonly CurationLayout _layout;
    private readonly IReadOnlyList<string> _inputs;
    private readonly IReadOnlyList<IDocumentStep> _steps;
    private readonly SourceKinds _kinds;

    public MapStage(CurationLayout layout, IReadOnlyList<string> inputs, IReadOnlyList<IDocumentStep> steps, SourceKinds kinds)
    {
        _layout = layout;
        _inputs = inputs;
        _steps = steps;
        _kinds = kinds;
    }

    /// <summary>The stage's name: its markers, statistics and logs are named after it.</summary>
    public const string StageName = "map";

    public string Name => StageName;

    /// <summary>
    /// Checks that a later stage read every document the map task wrote to <c>work/map</c> (its last step's kept
    /// count). Those shards are one zstd frame per chunk, so a file cut between two frames would otherwise read
    /// as a shorter, valid one and lose documents without a word.
    /// </summary>
    internal static void CheckReadAll(CurationLayout layout, int task, string shard, long read)
    {
        string stats = layout.TaskStats(StageName, task);
        if (!File.Exists(stats))
        {
            return;
        }
        var steps = StatisticsJson.ReadTaskStats(stats);
        if (steps.Length > 0 && steps[^1].Kept != read)
        {
            throw new WrenException($"{shard}: holds {read:N0} documents, but the map stage wrote {steps[^1].Kept:N0}; the working file is damaged: rerun without --resume");
        }
    }

    public int TaskCount => _inputs.Count;

    public void RunTask(int task, CancellationToken cancellationToken)
    {
        string input = _inputs[task];
        var chain = new StepChain(_steps);
        var kept = new JsonlShardWriter(_layout.Map, "part", long.MaxValue, task, JsonlShardWriter.WorkingFileCompressionLevel, ZstdFraming.IndependentFrames);
        // Most documents of a real corpus are dropped here: writing them once, as the output file other
        // tools read (one frame, the default level), saves decompressing and recompressing them in finalize.
        var rejected = new JsonlShardWriter(_layout.MapRejected, "part", long.MaxValue, task);
        long malformed = 0;
        long read = 0;
        try
        {
            foreach (var (line, number) in JsonlReader.ReadLines(input))
            {
                cancellationToken.ThrowIfCancellationRequested();
                read++;
                Document document;
                try
                {
                    document = Document.Parse(line.Span, $"{input}:{number}");
                }
                catch (WrenException)
                {
                    malformed++;
                    continue;
                }
                var working = new WorkingDocument(document) { Kind = _kinds.KindOf(document) };
                var rejection = chain.Run(working);
                if (rejection is null)
                {
                    kept.Write(working.WriteTo);
                }
                else
                {
                    rejected.Write(w => RejectedRecord.Write(w, rejection, working));
                }
            }
            CurationInputs.CheckReadAll(input, read);
            kept.Dispose();
            rejected.Dispose();
        }
        catch
        {
            kept.Abort();
            rejected.Abort();
            throw;
        }
        var statistics = chain.Complete();
        if (malformed > 0 && statistics.Length > 0)
        {
            statistics[0].Counters["input.malformed_records"] = malformed;
        }
        StatisticsJson.WriteTaskStats(_layout.TaskStats(Name, task), statistics);
    }
}
