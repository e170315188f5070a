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
    public void AResumedRunReusesFinishedInputShardsAndAChangedSourceSpillsAgain()
    {
        var layout = new CurationLayout(Path.Combine(_root, "out"));
        var sources = new CurationSources { Paths = [CurationSample.Path], Tasks = 2 };
        var first = CurationInputs.Prepare(sources, layout, resume: false);
        var written = first.Shards.Select(File.GetLastWriteTimeUtc).ToList();
        var resumed = CurationInputs.Prepare(sources, layout, resume: true);
        Assert.Equal(first.Shards, resumed.Shards);
        Assert.Equal(written, resumed.Shards.Select(File.GetLastWriteTimeUtc));
        var changed = CurationInputs.Prepare(sources with { Tasks = 3 }, layout, resume: true);
        Assert.Equal(3, changed.Shards.Count);
    }

    [Fact]
    public void AMissingSourceIsAUserErrorNamingIt()
    {
        string missing = Path.Combine(_root, "nope");
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => CurationInputs.Prepare(new CurationSources { Paths = [missing] }, new CurationLayout(_root), resume: false));
        Assert.Contains(missing, e.Message);
    }
}
