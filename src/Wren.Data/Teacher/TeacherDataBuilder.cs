using System.Globalization;
using System.Text.Json;
using Wren.Data.Documents;
using Wren.Data.Tasks;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Teacher;

/// <summary>
/// Makes task examples with a teacher model: reads curated documents (or unlabelled records), cuts them into chunks,
/// asks the teacher for examples grounded in each chunk (<see cref="TeacherPrompts"/>), has the judge score each one
/// and drops those below the bar, removes near-duplicates, splits by document (a document's examples share a split)
/// and drops training and validation examples that overlap the test split. Every example keeps its document id and
/// chunk. Requests go through <see cref="TeacherClient"/>: cached, throttled, retried and counted.
/// </summary>
public static class TeacherDataBuilder
{
    private sealed record WorkItem(int Index, string Document, int Chunk, string Text);

    public static async Task<TeacherDataResult> BuildAsync(TeacherDataOptions options, TeacherClient teacher, TeacherClient? judge = null,
        IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(teacher);
        judge ??= teacher;
        if (options.Kind == TeacherTaskKind.Label && options.Labels.Count < 2) throw new WrenException("labelling needs at least two labels (--labels)");
        if (options.PerChunk <= 0) throw new WrenException($"examples per chunk must be positive, got {options.PerChunk}");
        if (options.MinScore is < 1 or > 5) throw new WrenException($"the minimum score is on the judge's 1-5 scale, got {options.MinScore}");

        var work = options.Kind == TeacherTaskKind.Label ? Records(options.Source) : Chunks(options);
        if (options.MaxChunks is { } max && work.Count > max) work = work.Take(max).ToList();
        if (work.Count == 0) throw new WrenException($"{options.Source}: nothing to send to the teacher (no chunk of at least {options.MinChunkChars} characters)");

        var perItem = new List<TeacherExample>[work.Count];
        var unparsable = new int[work.Count];
        var refused = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        using var bar = (progress ?? NullProgressSink.Instance).Begin("teacher", work.Count, options.Kind == TeacherTaskKind.Label ? "records" : "chunks");
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            try
            {
                var (examples, bad) = await ExamplesOfAsync(options, teacher, judge, item, ct).ConfigureAwait(false);
                perItem[item.Index] = examples;
                unparsable[item.Index] = bad;
            }
            catch (TeacherRequestException e) when (e.IsThisRequests)
            {
                // One chunk the teacher cannot take (longer than its context, say) does not stop the run.
                perItem[item.Index] = [];
                refused.TryAdd(item.Index, e.Status);
            }
            bar.Increment(1);
            bar.SetStatus($"{teacher.Spend.Requests} asked, {teacher.Spend.Cached} cached, {teacher.Spend.OutputTokens:N0} tokens out");
        }).ConfigureAwait(false);

        var dropped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Drop(string reason, int count = 1)
        {
            if (count > 0) dropped[reason] = dropped.GetValueOrDefault(reason) + count;
        }

        Drop("teacher's answer not in the format asked", unparsable.Sum());
        foreach (var status in refused.Values.GroupBy(s => s)) Drop($"teacher refused the request (HTTP {status.Key})", status.Count());
        var all = perItem.SelectMany(e => e).ToList();
        int generated = all.Count + unparsable.Sum();
        var scores = new SortedDictionary<int, int>();
        foreach (var e in all)
            if (e.Score is { } s) scores[s] = scores.GetValueOrDefault(s) + 1;

        var kept = new List<TeacherExample>();
        foreach (var e in all)
        {
            if (e.Score is null && options.Judge) Drop("judge's answer not a score");
            else if (e.Score < options.MinScore) Drop($"judge score below {options.MinScore}");
            else kept.Add(e);
        }

        if (options.Dedup is { } dedup)
        {
            var keep = NearDuplicateFilter.Keep(kept.Select(e => e.Input + "\n" + e.Output).ToList(), dedup);
            Drop("near-duplicate", keep.Count(k => !k));
            kept = kept.Where((_, i) => keep[i]).ToList();
        }

        // Split by document, so that no passage is both trained on and tested; labels are stratified as for any classification task.
        var candidates = kept.Select(e => new TaskCandidate(e.Input, options.Kind == TeacherTaskKind.Label ? e.Output : "example", e.Source, e.Document)).ToList();
        var splits = candidates.Count == 0 ? [] : TaskSplitter.Split(candidates, options.Seed, options.ValidationFraction, options.TestFraction);
        var withSplit = kept.Select((e, i) => e with { Split = splits[i] }).ToList();
        var test = withSplit.Where(e => e.Split == TaskSplits.Test).ToList();
        var rest = withSplit.Where(e => e.Split != TaskSplits.Test).ToList();
        var clean = TestSplitDecontaminator.Keep(rest.Select(e => (e.Input, e.Output)).ToList(), test.Select(e => (e.Input, e.Output)), options.DecontaminationNGram);
        Drop($"overlaps the test split ({options.DecontaminationNGram}-gram)", clean.Count(k => !k));
        rest = rest.Where((_, i) => clean[i]).ToList();
        var train = rest.Where(e => e.Split == TaskSplits.Train).ToList();
        var validation = rest.Where(e => e.Split == TaskSplits.Validation).ToList();

        var definition = new TaskDefinition
        {
            Name = options.Name,
            Kind = options.Kind == TeacherTaskKind.Label ? TaskDefinition.ClassifyKind : MailReplyPairs.GenerateKind,
            Labels = options.Kind == TeacherTaskKind.Label ? options.Labels.Order(StringComparer.Ordinal).ToList() : [],
            Builder = new TaskBuilderSettings
            {
                Kind = "teacher-" + options.Kind.ToString().ToLowerInvariant(),
                Sources = [Path.GetFullPath(options.Source)],
                Options = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["teacher_model"] = teacher.Model,
                    ["judge_model"] = options.Judge ? judge.Model : "none",
                    ["min_score"] = options.MinScore.ToString(CultureInfo.InvariantCulture),
                    ["per_chunk"] = options.PerChunk.ToString(CultureInfo.InvariantCulture),
                    ["chunk_chars"] = options.ChunkChars.ToString(CultureInfo.InvariantCulture),
                },
            },
            Seed = options.Seed,
            ValidationFraction = options.ValidationFraction,
            TestFraction = options.TestFraction,
            Counts = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal)
            {
                [TaskSplits.Train] = CountByOutput(train, options),
                [TaskSplits.Validation] = CountByOutput(validation, options),
                [TaskSplits.Test] = CountByOutput(test, options),
            },
            Dropped = dropped,
        };
        return new TeacherDataResult
        {
            Definition = definition,
            Train = train,
            Validation = validation,
            Test = test,
            Chunks = work.Count,
            Generated = generated,
            Dropped = dropped,
            Scores = scores,
            Spend = teacher.Spend,
        };
    }

    /// <summary>Writes a task folder: task.json and the three splits, each example line with its provenance.</summary>
    public static void Write(TeacherDataResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        static List<TaskExample> Plain(IEnumerable<TeacherExample> examples) => examples.Select(e => e.ToTaskExample()).ToList();
        TaskFolder.Write(folder, result.Definition, Plain(result.Train), Plain(result.Validation), Plain(result.Test));
        // The folder is complete and consistent now; each split is then replaced (atomically) by the same lines with provenance added.
        TeacherExampleJsonl.Write(TaskFolder.SplitPath(folder, TaskSplits.Train), result.Train);
        TeacherExampleJsonl.Write(TaskFolder.SplitPath(folder, TaskSplits.Validation), result.Validation);
        TeacherExampleJsonl.Write(TaskFolder.SplitPath(folder, TaskSplits.Test), result.Test);
    }

    private static IReadOnlyDictionary<string, int> CountByOutput(List<TeacherExample> examples, TeacherDataOptions options) =>
        options.Kind == TeacherTaskKind.Label
            ? examples.GroupBy(e => e.Output, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)
            : new Dictionary<string, int>(StringComparer.Ordinal) { [options.Kind.ToString().ToLowerInvariant()] = examples.Count };

    private static async Task<(List<TeacherExample> Examples, int Unparsable)> ExamplesOfAsync(TeacherDataOptions options, TeacherClient teacher,
        TeacherClient judge, WorkItem item, CancellationToken ct)
    {
        var pairs = new List<(string Input, string Output)>();
        int unparsable = 0;
        if (options.Kind == TeacherTaskKind.Label)
        {
            var reply = await teacher.CompleteAsync(TeacherPrompts.Label(item.Text, options.Labels), ct).ConfigureAwait(false);
            if (TeacherPrompts.ParseLabel(reply.Text, options.Labels) is { } label) pairs.Add((item.Text, label));
            else unparsable++;
        }
        else
        {
            var reply = await teacher.CompleteAsync(TeacherPrompts.Generate(options.Kind, item.Text, options.PerChunk), ct).ConfigureAwait(false);
            pairs.AddRange(TeacherPrompts.ParsePairs(options.Kind, reply.Text, item.Text));
            if (pairs.Count == 0) unparsable++;
        }

        var examples = new List<TeacherExample>();
        foreach (var (input, output) in pairs)
        {
            int? score = null;
            if (options.Judge)
            {
                // The judge sees the source for grounded kinds; for instruct and rephrase the input already holds it.
                string? source = options.Kind == TeacherTaskKind.Qa ? item.Text : null;
                var verdict = await judge.CompleteAsync(TeacherPrompts.Judge(input, output, source), ct).ConfigureAwait(false);
                score = TeacherPrompts.ParseScore(verdict.Text);
            }

            examples.Add(new TeacherExample
            {
                Input = input,
                Output = output,
                Kind = options.Kind,
                Document = item.Document,
                Chunk = item.Chunk,
                Context = item.Text,
                Score = score,
            });
        }

        return (examples, unparsable);
    }

    private static List<WorkItem> Chunks(TeacherDataOptions options)
    {
        var work = new List<WorkItem>();
        foreach (var document in DocumentShardReader.Read(options.Source))
        {
            var chunks = DocumentChunker.Chunk(document.Text, options.ChunkChars, options.MinChunkChars);
            for (int c = 0; c < chunks.Count; c++) work.Add(new WorkItem(work.Count, document.Id, c, chunks[c]));
        }

        return work;
    }

    /// <summary>Unlabelled records: a JSONL file whose lines have an "input" or "text" string.</summary>
    private static List<WorkItem> Records(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"{path}: no such file (labelling reads a JSONL of records with \"input\" or \"text\")");
        var work = new List<WorkItem>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                string? input = root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("input", out var v) || root.TryGetProperty("text", out v)) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (input is null) throw new WrenException($"{path}:{line}: a record needs a string \"input\" or \"text\"");
                string id = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : $"{Path.GetFileName(path)}:{line}";
                work.Add(new WorkItem(work.Count, id, 0, input));
            }
            catch (JsonException e)
            {
                throw new WrenException($"{path}:{line}: not a JSON object ({e.Message})");
            }
        }

        return work;
    }
}
