using System.Text;
using System.Text.Json.Nodes;
using Wren.Data.Curation.Decontamination;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Documents;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tests.Curation;

public sealed class CurationPipelineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-curation-tests-" + Guid.NewGuid().ToString("N"));

    public CurationPipelineTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Language ID off: these tests are about the pipeline, and loading Lingua's models is slow.</summary>
    private static CurationRecipe FastRecipe(Func<CurationRecipe, CurationRecipe>? change = null)
    {
        var recipe = new CurationRecipe { Language = new LanguageOptions { Enabled = false } };
        return change is null ? recipe : change(recipe);
    }

    /// <summary>Three input shards: the real sample split in two, and near/exact copies of two speeches.</summary>
    private List<string> WriteInputs()
    {
        var sample = CurationSample.Documents();
        var kennedy = sample.Single(d => d.Id == "sotu-1962_john_f_kennedy_d");
        var reagan = sample.Single(d => d.Id == "sotu-1985_ronald_reagan_r");
        // A near copy: a few words changed and the last sentence cut (so it is shorter than the original).
        string near = kennedy.Text.Replace("Congress", "the Congress").Replace("nation", "country");
        near = near[..near.LastIndexOf(". ", near.Length - 3, StringComparison.Ordinal)] + ".";
        var copies = new List<Document>
        {
            kennedy with { Id = "near-copy-of-kennedy", Metadata = new JsonObject() },
            reagan with { Id = "exact-copy-of-reagan", Metadata = new JsonObject() },
        };
        copies[0] = copies[0] with { Text = near };
        var inputs = new List<string>
        {
            WriteShard("a.jsonl", sample.Take(12)),
            WriteShard("b.jsonl", sample.Skip(12)),
            WriteShard("c.jsonl", copies),
        };
        return inputs;
    }

    private string WriteShard(string name, IEnumerable<Document> documents)
    {
        string path = Path.Combine(_root, "in", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        foreach (var d in documents)
        {
            using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
            {
                d.WriteTo(writer);
            }
            stream.WriteByte((byte)'\n');
        }
        return path;
    }

    private CurationStatistics Run(List<string> inputs, string name, CurationRecipe recipe, int threads = 1, bool resume = false, IProgressSink? progress = null, CancellationToken cancellationToken = default) =>
        CurationPipeline.Run(new CurationRunOptions
        {
            Inputs = inputs,
            OutputDirectory = Path.Combine(_root, name),
            Recipe = recipe,
            Threads = threads,
            Resume = resume,
            Progress = progress ?? NullProgressSink.Instance,
        }, cancellationToken);

    private static List<JsonObject> ReadRecords(string directory) =>
        DocumentShardReader.ShardFiles(directory)
            .SelectMany(f => JsonlReader.ReadLines(f).Select(l => JsonNode.Parse(l.Line.Span)!.AsObject()))
            .ToList();

    [Fact]
    public void EveryInputDocumentIsEitherCuratedOrRejectedWithItsReasonAndStatsAgree()
    {
        var inputs = WriteInputs();
        var stats = Run(inputs, "out", FastRecipe());
        string outDir = Path.Combine(_root, "out");
        var curated = ReadRecords(Path.Combine(outDir, "curated"));
        var rejected = ReadRecords(Path.Combine(outDir, "rejected"));

        Assert.Equal(25, stats.Input.Documents);
        Assert.Equal(25, curated.Count + rejected.Count);
        Assert.Equal(stats.Output.Documents, curated.Count);
        Assert.Equal(stats.Rejected, rejected.Count);
        // part-N: the per-document steps' drops of input shard N (moved from the map stage); corpus-N: dedup and boilerplate drops.
        var files = Directory.GetFiles(Path.Combine(outDir, "rejected")).Select(Path.GetFileName).Order().ToList();
        // Shards 0 and 1 (the real sample) lose documents to the per-document steps; shard 2 (the copies) only to dedup.
        Assert.Equal(["corpus-00002.jsonl.zst", "part-00000.jsonl.zst", "part-00001.jsonl.zst"], files);
        foreach (string file in Directory.GetFiles(Path.Combine(outDir, "rejected")))
        {
            var steps = ReadRecords(file).Select(r => r["step"]!.GetValue<string>()).Distinct().ToList();
            Assert.All(steps, step => Assert.Equal(Path.GetFileName(file).StartsWith("corpus-"), step is "dedup" or "boilerplate"));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(outDir, "work", "map-rejected")));
        foreach (var r in rejected)
        {
            Assert.False(string.IsNullOrEmpty(r["step"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(r["rule"]!.GetValue<string>()));
            Assert.NotNull(r["threshold"]);
            Assert.NotNull(r["text"]);
        }
        foreach (var c in curated)
        {
            var wren = c["metadata"]!["wren"]!.AsObject();
            Assert.True(wren["word_count"]!.GetValue<double>() >= 50);
            Assert.NotNull(wren["line_punct_ratio"]);
        }
        // Every speech survives; the raw e-mails with their headers do not.
        Assert.Equal(10, curated.Count(c => c["id"]!.GetValue<string>().StartsWith("sotu-", StringComparison.Ordinal)));
        // Drops per rule in stats.json match the rejected records.
        var byRule = rejected.GroupBy(r => r["step"] + "/" + r["rule"]).ToDictionary(g => g.Key, g => (long)g.Count());
        var fromStats = stats.Steps.SelectMany(s => s.Dropped.Select(kv => (s.Step + "/" + kv.Key, kv.Value))).ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(byRule.OrderBy(kv => kv.Key), fromStats.OrderBy(kv => kv.Key));
        // Each step's documents in = the previous step's kept.
        for (int i = 1; i < stats.Steps.Count; i++)
        {
            Assert.Equal(stats.Steps[i - 1].Kept, stats.Steps[i].DocumentsIn);
        }
        Assert.True(File.Exists(Path.Combine(outDir, "stats.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
    }

    [Fact]
    public void NearAndExactCopiesAreDroppedAndTheLongestOriginalIsKept()
    {
        var inputs = WriteInputs();
        Run(inputs, "out", FastRecipe());
        var rejected = ReadRecords(Path.Combine(_root, "out", "rejected")).Where(r => r["step"]!.GetValue<string>() == "dedup").ToList();
        var near = Assert.Single(rejected, r => r["id"]!.GetValue<string>() == "near-copy-of-kennedy");
        Assert.Equal("near_duplicate", near["rule"]!.GetValue<string>());
        Assert.InRange(near["value"]!.GetValue<double>(), 0.8, 1.0);
        Assert.Matches(@"^estimated Jaccard similarity 0\.\d+ \(>= threshold 0\.8\) with sotu-1962_john_f_kennedy_d, which is kept \(a cluster of 2\)$", near["evidence"]!.GetValue<string>());
        var exact = Assert.Single(rejected, r => r["id"]!.GetValue<string>() == "exact-copy-of-reagan");
        Assert.Equal("exact_duplicate", exact["rule"]!.GetValue<string>());
        var curatedIds = ReadRecords(Path.Combine(_root, "out", "curated")).Select(c => c["id"]!.GetValue<string>()).ToList();
        Assert.Contains("sotu-1962_john_f_kennedy_d", curatedIds);
        Assert.Contains("sotu-1985_ronald_reagan_r", curatedIds);
        var summary = CurationStatistics.Read(Path.Combine(_root, "out", "stats.json")).Duplicates!;
        Assert.Equal(2, summary.Clusters);
    }

    [Fact]
    public void OutputIsByteIdenticalWhateverTheThreadCount()
    {
        var inputs = WriteInputs();
        Run(inputs, "one", FastRecipe(), threads: 1);
        Run(inputs, "four", FastRecipe(), threads: 4);
        foreach (string folder in new[] { "curated", "rejected" })
        {
            var a = Directory.GetFiles(Path.Combine(_root, "one", folder)).Order().ToList();
            var b = Directory.GetFiles(Path.Combine(_root, "four", folder)).Order().ToList();
            Assert.Equal(a.Select(Path.GetFileName), b.Select(Path.GetFileName));
            for (int i = 0; i < a.Count; i++)
            {
                Assert.Equal(File.ReadAllBytes(a[i]), File.ReadAllBytes(b[i]));
            }
        }
    }

    [Fact]
    public void ARunKilledAfterItsFirstTaskResumesToTheSameOutputWithoutRedoingThatTask()
    {
        var inputs = WriteInputs();
        Run(inputs, "clean", FastRecipe());

        using var cancel = new CancellationTokenSource();
        var killer = new CancelAfterFirstTask(cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => Run(inputs, "killed", FastRecipe(), progress: killer, cancellationToken: cancel.Token));
        string marker = Path.Combine(_root, "killed", "work", "done", "map-00000");
        Assert.True(File.Exists(marker));
        Assert.False(File.Exists(Path.Combine(_root, "killed", "stats.json")));
        DateTime firstTaskDone = File.GetLastWriteTimeUtc(marker);
        string firstOutput = Path.Combine(_root, "killed", "work", "map", "part-00000.jsonl.zst");
        DateTime firstOutputWritten = File.GetLastWriteTimeUtc(firstOutput);

        var stats = Run(inputs, "killed", FastRecipe(), resume: true);
        Assert.Equal(firstTaskDone, File.GetLastWriteTimeUtc(marker));
        Assert.Equal(firstOutputWritten, File.GetLastWriteTimeUtc(firstOutput));
        Assert.Equal(25, stats.Input.Documents);
        foreach (string folder in new[] { "curated", "rejected" })
        {
            var a = Directory.GetFiles(Path.Combine(_root, "clean", folder)).Order().ToList();
            var b = Directory.GetFiles(Path.Combine(_root, "killed", folder)).Order().ToList();
            Assert.Equal(a.Count, b.Count);
            for (int i = 0; i < a.Count; i++)
            {
                Assert.Equal(File.ReadAllBytes(a[i]), File.ReadAllBytes(b[i]));
            }
        }
    }

    [Fact]
    public void AWorkingShardThatLostDocumentsStopsTheLaterStagesWithItsName()
    {
        var inputs = WriteInputs();
        Run(inputs, "cut", FastRecipe());
        string root = Path.Combine(_root, "cut");
        string shard = Path.Combine(root, "work", "map", "part-00000.jsonl.zst");
        // What a cut between two zstd frames leaves: a valid file holding only the first documents.
        var lines = JsonlReader.ReadLines(shard).Select(l => l.Line.ToArray()).ToList();
        Assert.True(lines.Count > 1);
        File.Delete(shard);
        using (var writer = new JsonlShardWriter(Path.Combine(root, "work", "map"), "part", long.MaxValue, 0))
        {
            writer.WriteRaw(lines[0]);
        }
        foreach (string marker in Directory.GetFiles(Path.Combine(root, "work", "done")).Where(f => !Path.GetFileName(f).StartsWith("map-")))
        {
            File.Delete(marker);
        }

        var e = Assert.ThrowsAny<Exception>(() => Run(inputs, "cut", FastRecipe(), resume: true));
        Assert.Contains(Messages(e), m => m.Contains(shard) && m.Contains($"holds 1 documents, but the map stage wrote {lines.Count}"));
    }

    [Fact]
    public void ASpilledInputShardThatLostRecordsStopsTheMapStageWithItsName()
    {
        string directory = Path.Combine(_root, "spilled");
        var inputs = CurationInputs.Spill(CurationSample.Documents().Take(10), directory, 5);
        Assert.Equal(2, inputs.Count);
        // Rewrite the second shard with its first three records only: valid, shorter.
        var lines = JsonlReader.ReadLines(inputs[1]).Select(l => l.Line.ToArray()).ToList();
        File.Delete(inputs[1]);
        using (var writer = new JsonlShardWriter(directory, "part", long.MaxValue, 1))
        {
            foreach (var line in lines.Take(3))
            {
                writer.WriteRaw(line);
            }
        }

        var e = Assert.ThrowsAny<Exception>(() => Run(inputs, "out", FastRecipe()));
        Assert.Contains(Messages(e), m => m.Contains(inputs[1]) && m.Contains("holds 3 records, but 5 were written to it"));
    }

    /// <summary>The messages of an exception and of every exception inside it (tasks fail inside aggregates).</summary>
    private static List<string> Messages(Exception e)
    {
        var messages = new List<string>();
        for (var pending = new Queue<Exception>([e]); pending.Count > 0;)
        {
            var next = pending.Dequeue();
            messages.Add(next.Message);
            foreach (var child in next is AggregateException a ? a.InnerExceptions : next.InnerException is null ? [] : [next.InnerException])
            {
                pending.Enqueue(child);
            }
        }
        return messages;
    }

    [Fact]
    public void ResumingWithADifferentRecipeIsRefused()
    {
        var inputs = WriteInputs();
        Run(inputs, "out", FastRecipe());
        var changed = FastRecipe(r => r with { GopherQuality = r.GopherQuality with { MinDocWords = 10 } });
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => Run(inputs, "out", changed, resume: true));
        Assert.Contains("recipe differs", e.Message);
    }

    [Fact]
    public void ResumingAfterAnInputShardChangedIsRefusedNamingTheShard()
    {
        var inputs = WriteInputs();
        Run(inputs, "out", FastRecipe());
        File.AppendAllText(inputs[1], File.ReadLines(inputs[0]).First() + "\n");
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => Run(inputs, "out", FastRecipe(), resume: true));
        Assert.Contains($"cannot resume: {inputs[1]} changed size", e.Message);

        // The same size, other bytes: caught by the sampled hash.
        var bytes = File.ReadAllBytes(inputs[2]);
        Run(inputs, "again", FastRecipe());
        int at = Array.IndexOf(bytes, (byte)'K');
        bytes[at] = (byte)'Q';
        File.WriteAllBytes(inputs[2], bytes);
        e = Assert.Throws<Wren.Runtime.WrenException>(() => Run(inputs, "again", FastRecipe(), resume: true));
        Assert.Contains($"{inputs[2]} changed content", e.Message);
    }

    [Fact]
    public void AResumedRunRemovesTheTemporaryFilesOfDeadWritersAndKeepsALiveOnes()
    {
        var inputs = WriteInputs();
        Run(inputs, "out", FastRecipe());
        string root = Path.Combine(_root, "out");
        int dead = DeadProcess.Id();
        string deadRejected = Path.Combine(root, "rejected", $".part-00001.jsonl.zst.{dead}.0badc0de.tmp");
        string deadWork = Path.Combine(root, "work", "map", $".part-00000.jsonl.zst.{dead}.12345678.tmp");
        string live = AtomicFile.TempPathFor(Path.Combine(root, "curated", "part-00009.jsonl.zst"));
        foreach (string path in new[] { deadRejected, deadWork, live })
        {
            File.WriteAllText(path, "half a shard");
        }

        Run(inputs, "out", FastRecipe(), resume: true);

        Assert.False(File.Exists(deadRejected));
        Assert.False(File.Exists(deadWork));
        Assert.True(File.Exists(live));
    }

    [Fact]
    public void DocumentsSharing13GramsWithAnEvalSetAreDropped()
    {
        var inputs = WriteInputs();
        string passage = string.Join(' ', CurationSample.Get("sotu-1934_franklin_d_roosevelt_d").Text.Split(' ').Skip(40).Take(20));
        string eval = Path.Combine(_root, "eval.jsonl");
        File.WriteAllText(eval, System.Text.Json.JsonSerializer.Serialize(new { question = "Who said: " + passage.ToUpperInvariant(), answer = "Roosevelt" }) + "\n");
        var recipe = FastRecipe(r => r with { Decontamination = new DecontaminationOptions { EvalSets = [eval] } });
        var stats = Run(inputs, "out", recipe);
        var dropped = ReadRecords(Path.Combine(_root, "out", "rejected")).Single(r => r["step"]!.GetValue<string>() == "decontamination");
        Assert.Equal("sotu-1934_franklin_d_roosevelt_d", dropped["id"]!.GetValue<string>());
        Assert.Equal("eval_overlap", dropped["rule"]!.GetValue<string>());
        Assert.Equal(8, dropped["value"]!.GetValue<double>()); // 20 shared words hold 20 - 13 + 1 = 8 13-grams
        Assert.Equal(1, stats.Steps.Single(s => s.Step == "decontamination").DroppedTotal);
    }

    [Fact]
    public void ALineSharedByManyDocumentsIsRemovedAsBoilerplate()
    {
        const string footer = "You received this message because you are subscribed to the staff mailing list.";
        var speeches = CurationSample.Documents().Where(d => d.Id.StartsWith("sotu-", StringComparison.Ordinal)).ToList();
        var documents = speeches.Select(d => d with { Text = d.Text + "\n" + footer }).ToList();
        string input = WriteShard("footers.jsonl", documents);
        var recipe = FastRecipe(r => r with { Boilerplate = new BoilerplateOptions { MinDocuments = 10 } });
        var stats = Run([input], "out", recipe);
        var curated = ReadRecords(Path.Combine(_root, "out", "curated"));
        Assert.Equal(10, curated.Count);
        Assert.All(curated, c => Assert.DoesNotContain(footer, c["text"]!.GetValue<string>()));
        var step = stats.Steps.Single(s => s.Step == "boilerplate");
        Assert.Equal(10, step.Changed);
        Assert.Equal(10, step.Counters["lines_removed.repeated_line"]);
    }

    [Fact]
    public void AMalformedInputLineIsCountedAndTheRunGoesOn()
    {
        string path = Path.Combine(_root, "in", "bad.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var good = CurationSample.Get("sotu-2001_george_w_bush_r");
        var builder = new StringBuilder();
        builder.Append("{\"id\": \"broken\", \"text\": \n");
        using (var stream = new MemoryStream())
        {
            using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
            {
                good.WriteTo(writer);
            }
            builder.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
        }
        File.WriteAllText(path, builder.ToString());
        var stats = Run([path], "out", FastRecipe());
        Assert.Equal(1, stats.Output.Documents);
        Assert.Equal(1, stats.Steps[0].Counters["input.malformed_records"]);
    }

    [Fact]
    public void ExplainTracesADocumentThroughEveryStep()
    {
        var documents = CurationSample.Documents();
        var result = CurationPipeline.Explain(documents, FastRecipe(), "spam-1/00005");
        Assert.NotNull(result);
        var (_, kind, trace, rejection) = result;
        Assert.Equal(Wren.Data.Curation.Recipe.SourceKinds.Web, kind); // the sample records carry no ingest format
        Assert.NotNull(rejection);
        Assert.Equal("normalize", trace[0].Step);
        Assert.Equal(rejection!.Step, trace[^1].Step);
        Assert.Equal("dropped", trace[^1].Outcome);
        Assert.Null(CurationPipeline.Explain(documents, FastRecipe(), "no-such-id"));
    }

    /// <summary>Cancels the run as soon as the first task of the first stage reports completion, like a kill.</summary>
    private sealed class CancelAfterFirstTask(CancellationTokenSource cancel) : IProgressSink, IProgressTask
    {
        public IProgressTask Begin(string description, double? total, string unit) => this;

        public void Increment(double amount)
        {
            if (amount > 0)
            {
                cancel.Cancel();
            }
        }

        public void SetTotal(double total) { }

        public void SetStatus(string status) { }

        public void Dispose() { }
    }
}
