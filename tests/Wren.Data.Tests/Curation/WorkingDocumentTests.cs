using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Documents;

namespace Wren.Data.Tests.Curation;

public sealed class WorkingDocumentTests
{
    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("""{"lang":"en","n":null}""")]
    [InlineData("""{"wren":{"old":1},"after":[1,2]}""")]
    [InlineData("""{}""")]
    public void WriteToWritesWhatToDocumentReturnsWithoutCopying(string metadata)
    {
        var working = new WorkingDocument(new Document { Id = "d", Text = "Some <b>text</b> \"quoted\"\n", Source = "s", Metadata = JsonNode.Parse(metadata)!.AsObject() });
        working.SetScore("word_count", 4);
        working.SetScore("language", "en");
        working.Text = "Rewritten text.";

        string expected = Json(working.ToDocument().WriteTo);
        Assert.Equal(expected, Json(working.WriteTo));
        // The scores take metadata.wren's place, or follow the other metadata.
        var metadataOut = JsonNode.Parse(expected)!["metadata"]!.AsObject();
        Assert.Equal("""{"word_count":4,"language":"en"}""", metadataOut["wren"]!.ToJsonString());
        Assert.Equal(metadata.Contains("\"wren\"") ? 0 : metadataOut.Count - 1, metadataOut.Select(p => p.Key).ToList().IndexOf("wren"));
        // The source document is left as it was.
        Assert.Equal(metadata, working.Source.Metadata.ToJsonString());
    }

    [Fact]
    public void TokensFollowTheDocumentAndItsTextThoughTheThreadReusesOneList()
    {
        // The token list is per thread and reused: documents that take turns asking for tokens, and
        // a text rewritten between two asks, must each get the tokens of their own current text.
        var a = new WorkingDocument(new Document { Id = "a", Text = "one two three", Source = "s" });
        var b = new WorkingDocument(new Document { Id = "b", Text = "alpha, beta", Source = "s" });
        string Words(WorkingDocument d) => string.Join("|", d.Tokens.Select(t => d.Text.Substring(t.Start, t.Length)));

        Assert.Equal("one|two|three", Words(a));
        Assert.Equal("alpha|,|beta", Words(b));
        Assert.Equal("one|two|three", Words(a));
        a.Text = "four five";
        Assert.Equal("four|five", Words(a));
        Assert.Equal("alpha|,|beta", Words(b));
        // A document far longer than the last one, then a short one again.
        var longText = string.Join(' ', Enumerable.Repeat("word", 50_000));
        var c = new WorkingDocument(new Document { Id = "c", Text = longText, Source = "s" });
        Assert.Equal(50_000, c.Tokens.Count);
        Assert.Equal("four|five", Words(a));
    }

    [Fact]
    public void ARejectedRecordHoldsTheReasonThenTheDocument()
    {
        var working = new WorkingDocument(new Document { Id = "d", Text = "t", Source = "s" });
        working.SetScore("dup_line_frac", 0.5);
        var rejection = new Rejection("gopher_repetition", "dup_line_frac", 0.5, 0.3, new string('x', 600));
        var record = JsonNode.Parse(Json(w => RejectedRecord.Write(w, rejection, working)))!.AsObject();
        Assert.Equal(["step", "rule", "value", "threshold", "evidence", "id", "text", "source", "metadata"], record.Select(p => p.Key));
        Assert.Equal(500, record["evidence"]!.GetValue<string>().Length);
        Assert.Equal(Json(w => RejectedRecord.Write(w, rejection, working.ToDocument())), record.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void ModifiedTellsWhetherAStepChangedTextOrScores()
    {
        var working = new WorkingDocument(new Document { Id = "d", Text = "same", Source = "s" });
        working.Scores["from_an_earlier_stage"] = 1; // how finalize restores the map stage's scores
        working.Text = new string("same".AsSpan()); // equal text is no change
        Assert.False(working.Modified);
        working.SetScore("x", 1.0);
        Assert.True(working.Modified);

        var rewritten = new WorkingDocument(new Document { Id = "d", Text = "before", Source = "s" });
        rewritten.Text = "after";
        Assert.True(rewritten.Modified);
    }
}
