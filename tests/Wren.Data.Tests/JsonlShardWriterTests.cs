using System.Text.Json.Nodes;
using Wren.Data.Documents;

namespace Wren.Data.Tests;

public sealed class JsonlShardWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-shards-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void DocumentsRoundTripThroughCompressedShardsInOrder()
    {
        using (var writer = new JsonlShardWriter(_dir, maxUncompressedBytes: 2000))
        {
            for (int i = 0; i < 100; i++)
            {
                writer.Write(new Document
                {
                    Id = DocumentId.For("src", i.ToString()),
                    Text = $"Document {i} with \"quotes\", ünïcödé and a newline\nhere.",
                    Source = "src",
                    Metadata = new JsonObject { ["n"] = i },
                });
            }
        }

        var files = DocumentShardReader.ShardFiles(_dir);
        Assert.True(files.Count > 1, "the size limit should have rolled over to several shards");
        Assert.All(files, f => Assert.EndsWith(".jsonl.zst", f));
        var docs = DocumentShardReader.Read(_dir).ToList();
        Assert.Equal(100, docs.Count);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal($"Document {i} with \"quotes\", ünïcödé and a newline\nhere.", docs[i].Text);
            Assert.Equal(i, docs[i].Metadata["n"]!.GetValue<int>());
        }
    }

    [Fact]
    public void RawLinesAreCopiedByteForByteBetweenRecords()
    {
        byte[] raw = """{"id":"raw","text":"kept\nas written","source":"s","metadata":{"n":1.50}}"""u8.ToArray();
        using (var writer = new JsonlShardWriter(_dir))
        {
            writer.Write(new Document { Id = "a", Text = "first", Source = "s" });
            writer.WriteRaw(raw);
            writer.Write(new Document { Id = "b", Text = "last", Source = "s" });
            Assert.Equal(3, writer.Count);
            Assert.Throws<ArgumentException>(() => writer.WriteRaw("{\"text\":\"a\"}\n{}"u8));
        }
        var lines = JsonlReader.ReadLines(DocumentShardReader.ShardFiles(_dir)[0]).Select(l => l.Line.ToArray()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(raw, lines[1]);
        Assert.Equal(["a", "raw", "b"], DocumentShardReader.Read(_dir).Select(d => d.Id));
    }

    [Fact]
    public void ARecordThatThrowsMidwayLeavesNoPartialLine()
    {
        using (var writer = new JsonlShardWriter(_dir))
        {
            Assert.Throws<InvalidOperationException>(() => writer.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("text", "half");
                throw new InvalidOperationException("boom");
            }));
            writer.Write(new Document { Id = "a", Text = "whole", Source = "s" });
        }
        Assert.Equal(["whole"], DocumentShardReader.Read(_dir).Select(d => d.Text));
    }

    [Fact]
    public void AnAbortedWriterLeavesNoShardBehind()
    {
        var writer = new JsonlShardWriter(_dir);
        writer.Write(new Document { Id = "a", Text = "t", Source = "s" });
        writer.Abort();
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void ATruncatedShardIsReportedWithItsPath()
    {
        using (var writer = new JsonlShardWriter(_dir))
        {
            for (int i = 0; i < 2000; i++)
            {
                writer.Write(new Document { Id = i.ToString(), Text = Guid.NewGuid().ToString() + " some text " + i, Source = "s" });
            }
        }
        string file = DocumentShardReader.ShardFiles(_dir)[0];
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var e = Assert.ThrowsAny<Exception>(() => DocumentShardReader.Read(_dir).Count());
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void IdsAreStableAndDistinguishLocations()
    {
        Assert.Equal(DocumentId.For("a.txt", ""), DocumentId.For("a.txt", ""));
        Assert.NotEqual(DocumentId.For("a.txt", "1"), DocumentId.For("a.txt", "2"));
        Assert.Equal(32, DocumentId.For("x", "y").Length);
    }
}
