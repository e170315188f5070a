using Wren.Data.Curation.Pipeline;
using Wren.Data.Documents;

namespace Wren.Data.Tests.Curation;

public sealed class CurationInputsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-curation-inputs-" + Guid.NewGuid().ToString("N"));

    public CurationInputsTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void DocumentShardsAreReadInPlaceAndRawFilesAreNotTakenForShards()
    {
        string notes = Path.Combine(_root, "notes");
        Directory.CreateDirectory(notes);
        File.WriteAllText(Path.Combine(notes, "a.txt"), "plain text");
        string records = Path.Combine(_root, "tickets.jsonl");
        File.WriteAllText(records, "{\"ticket\": 1, \"body\": \"printer on fire\"}\n");
        Assert.True(CurationInputs.IsDocumentShards(CurationSample.Path));
        Assert.False(CurationInputs.IsDocumentShards(notes));
        // JSONL without a "text" field is a record file for ingest (its --text-field), not a document shard.
        Assert.False(CurationInputs.IsDocumentShards(records));

        var set = CurationInputs.Prepare(new CurationSources { Paths = [CurationSample.Path] }, new CurationLayout(Path.Combine(_root, "out")), resume: false);
        Assert.Equal([CurationSample.Path], set.Shards);
        Assert.Null(set.ErrorsFile);
    }

    [Fact]
    public void TasksSplitTheInputIntoThatManyShardsKeepingEveryLineInOrder()
    {
        var layout = new CurationLayout(Path.Combine(_root, "out"));
        var set = CurationInputs.Prepare(new CurationSources { Paths = [CurationSample.Path], Tasks = 4 }, layout, resume: false);
        Assert.Equal(4, set.Shards.Count);
        var original = JsonlReader.ReadLines(CurationSample.Path).Select(l => Convert.ToHexString(l.Line.Span)).ToList();
        var split = set.Shards.SelectMany(s => JsonlReader.ReadLines(s).Select(l => Convert.ToHexString(l.Line.Span))).ToList();
        Assert.Equal(original, split);
        // 23 documents in 4 shards: 6, 6, 6, 5.
        Assert.Equal([6, 6, 6, 5], set.Shards.Select(s => JsonlReader.ReadLines(s).Count()));
    }

    [Fact]
    public void AResumedRunReusesFinishedInputShardsAndRefusesChangedOptions()
    {
        var layout = new CurationLayout(Path.Combine(_root, "out"));
        var sources = new CurationSources { Paths = [CurationSample.Path], Tasks = 2 };
        var first = CurationInputs.Prepare(sources, layout, resume: false);
        var written = first.Shards.Select(File.GetLastWriteTimeUtc).ToList();
        var resumed = CurationInputs.Prepare(sources, layout, resume: true);
        Assert.Equal(first.Shards, resumed.Shards);
        Assert.Equal(written, resumed.Shards.Select(File.GetLastWriteTimeUtc));
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => CurationInputs.Prepare(sources with { Tasks = 3 }, layout, resume: true));
        Assert.Contains("the sources or the options that read them differ from the interrupted run's", e.Message);
        Assert.Equal(3, CurationInputs.Prepare(sources with { Tasks = 3 }, layout, resume: false).Shards.Count);
    }

    [Fact]
    public void ResumingAfterAnIngestedSourceFileChangedIsRefusedNamingTheFile()
    {
        string notes = Path.Combine(_root, "notes");
        Directory.CreateDirectory(notes);
        File.WriteAllText(Path.Combine(notes, "a.txt"), "The first note, as it was when the run began.");
        string changed = Path.Combine(notes, "b.txt");
        File.WriteAllText(changed, "The second note.");
        File.WriteAllText(Path.Combine(notes, "empty.txt"), "");
        var layout = new CurationLayout(Path.Combine(_root, "out"));
        var sources = new CurationSources { Paths = [notes] };
        var first = CurationInputs.Prepare(sources, layout, resume: false);
        Assert.Equal(1, first.IngestErrors);
        // The errors list beside the spilled shards is not taken for one of them.
        var resumed = CurationInputs.Prepare(sources, layout, resume: true);
        Assert.Equal(first.Shards, resumed.Shards);
        Assert.Equal(1, resumed.IngestErrors);

        File.AppendAllText(changed, " Edited after the run was killed.");
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => CurationInputs.Prepare(sources, layout, resume: true));
        Assert.Contains($"{changed} changed size", e.Message);
        Assert.Contains("rerun without --resume", e.Message);

        CurationInputs.Prepare(sources, layout, resume: false);
        File.WriteAllText(Path.Combine(notes, "c.txt"), "A note added since.");
        e = Assert.Throws<Wren.Runtime.WrenException>(() => CurationInputs.Prepare(sources, layout, resume: true));
        Assert.Contains("c.txt is new", e.Message);
    }

    [Fact]
    public void AMissingSourceIsAUserErrorNamingIt()
    {
        string missing = Path.Combine(_root, "nope");
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => CurationInputs.Prepare(new CurationSources { Paths = [missing] }, new CurationLayout(_root), resume: false));
        Assert.Contains(missing, e.Message);
    }
}
