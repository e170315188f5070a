using System.Text;
using System.Text.Json.Nodes;
using Wren.Data.Documents;
using Wren.Runtime;

namespace Wren.Data.Tests;

public sealed class DocumentParseTests
{
    private static Document Parse(string json) => Document.Parse(Encoding.UTF8.GetBytes(json), "shard.jsonl:7");

    [Fact]
    public void FieldsAreReadInAnyOrderWithEscapesAndUnknownFieldsSkipped()
    {
        var document = Parse("""{"extra":{"a":[1,{"b":null}]},"metadata":{"lang":"en","n":3,"wren":{"word_count":12}},"source":"a.txt","text":"line one\nline \"two\" \u00e9\ud83d\ude00","id":"x1"}""");
        Assert.Equal("x1", document.Id);
        Assert.Equal("line one\nline \"two\" é😀", document.Text);
        Assert.Equal("a.txt", document.Source);
        Assert.Equal("""{"lang":"en","n":3,"wren":{"word_count":12}}""", document.Metadata.ToJsonString());
    }

    [Fact]
    public void ANumberIdKeepsItsJsonTextAndAMissingOneIsDerivedFromWhere()
    {
        Assert.Equal("12.50", Parse("""{"id":12.50,"text":"t"}""").Id);
        Assert.Equal("true", Parse("""{"id":true,"text":"t"}""").Id);
        Assert.Equal(DocumentId.For("shard.jsonl:7", ""), Parse("""{"text":"t"}""").Id);
        Assert.Equal(DocumentId.For("shard.jsonl:7", ""), Parse("""{"id":null,"text":"t"}""").Id);
        Assert.Equal(DocumentId.For("shard.jsonl:7", ""), Parse("""{"id":{"k":1},"text":"t"}""").Id);
    }

    [Fact]
    public void MissingSourceAndMetadataDefaultToWhereAndAnEmptyObject()
    {
        var document = Parse("""{"id":"a","text":"t","source":7,"metadata":[1]}""");
        Assert.Equal("shard.jsonl:7", document.Source);
        Assert.Empty(document.Metadata);
    }

    [Theory]
    [InlineData("""{"id":"a"}""", "missing string field \"text\"")]
    [InlineData("""{"id":"a","text":5}""", "missing string field \"text\"")]
    [InlineData("""["text"]""", "expected a JSON object")]
    [InlineData("""{"text":"t"} {"text":"u"}""", "not a JSON object")]
    [InlineData("""{"text":"t",""", "not a JSON object")]
    [InlineData("""{"text":"t","metadata":{"a":}}""", "not a JSON object")]
    public void MalformedRecordsNameWhereTheyAre(string json, string message)
    {
        var e = Assert.Throws<WrenException>(() => Parse(json));
        Assert.StartsWith("shard.jsonl:7: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void WrittenDocumentsParseBackToTheSameRecord()
    {
        var original = new Document
        {
            Id = "d",
            Text = "tab\there, NUL-free control \u0001 and <html> & 'quotes'",
            Source = "s",
            Metadata = new JsonObject { ["nested"] = new JsonObject { ["x"] = 1.5 }, ["list"] = new JsonArray(1, "two") },
        };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            original.WriteTo(writer);
        }
        var parsed = Document.Parse(buffer.WrittenSpan, "w");
        Assert.Equal(original.Id, parsed.Id);
        Assert.Equal(original.Text, parsed.Text);
        Assert.Equal(original.Source, parsed.Source);
        Assert.Equal(original.Metadata.ToJsonString(), parsed.Metadata.ToJsonString());
    }

    /// <summary>Parses with <see cref="Document.Parse"/> (fast path first) and with the reader alone: same document, or same error.</summary>
    private static void AssertSameAsReader(byte[] json)
    {
        Document? expected = null, actual = null;
        Exception? expectedError = null, actualError = null;
        try
        {
            expected = Document.ParseWithReader(json, "f:1");
        }
        catch (Exception e)
        {
            expectedError = e;
        }
        try
        {
            actual = Document.Parse(json, "f:1");
        }
        catch (Exception e)
        {
            actualError = e;
        }
        string shown = Encoding.UTF8.GetString(json);
        if (expectedError is not null)
        {
            Assert.True(actualError is not null, $"the reader rejects {shown} ({expectedError.Message}) but Parse accepted it");
            Assert.Equal(expectedError.GetType(), actualError!.GetType());
            Assert.Equal(expectedError.Message, actualError.Message);
            return;
        }
        Assert.True(actualError is null, $"Parse rejected {shown}: {actualError?.Message}");
        Assert.Equal(expected!.Id, actual!.Id);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Metadata.ToJsonString(), actual.Metadata.ToJsonString());
    }

    [Theory]
    [InlineData("""{"id":"a","text":"plain","source":"s","metadata":{"k":[1,2,{"x":null}]}}""")]
    [InlineData("""  {  "text" : "spaced" ,"id":"b"  }  """)]
    [InlineData("""{"text":"esc \" \\ \/ \b \f \n \r \t end","id":"c"}""")]
    [InlineData("""{"text":"\u00e9\u4e2d\u0041\u0000 and \uD83D\uDE00 pair","id":"d"}""")]
    [InlineData("""{"text":"lone \ud800 surrogate","id":"e"}""")]
    [InlineData("""{"text":"bad \x escape"}""")]
    [InlineData("""{"text":"bad \u12G4 hex"}""")]
    [InlineData("""{"text":"short \u12"}""")]
    [InlineData("""{"text":"ends in backslash\""")]
    [InlineData("""{"text":"unterminated""")]
    [InlineData("""{"text":"a","text":"last wins","id":"1","id":"2"}""")]
    [InlineData("""{"t\u0065xt":"escaped key"}""")]
    [InlineData("""{"text":"a","extra":1}""")]
    [InlineData("""{"text":"a","metadata":[1]}""")]
    [InlineData("""{"text":"a","metadata":{"deep":{"a":{"b":{}}}},"source":null}""")]
    [InlineData("""{"text":"a","metadata":{"open":""")]
    [InlineData("""{"text":"a",}""")]
    [InlineData("""{"text":"a"}x""")]
    [InlineData("""{"text":"a"}{}""")]
    [InlineData("""{}""")]
    [InlineData("""{"id":"no text"}""")]
    [InlineData("""{"id":7,"text":"number id"}""")]
    [InlineData("""{"id":null,"text":"null id"}""")]
    [InlineData("""{"text":null}""")]
    [InlineData("""{"text":"a" "id":"b"}""")]
    [InlineData("""{"text":"a"/*c*/}""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public void TheFastPathReadsRecordsExactlyAsTheReaderDoes(string json) => AssertSameAsReader(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void RecordsAsWrenWritesThemTakeTheFastPath()
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"id":"a","text":"two\nlines \"q\" é \u0001","source":"s","metadata":{"wren":{"x":1.5}}}""");
        Assert.True(DocumentFastParser.TryParse(json, "f:1", out var document));
        Assert.Equal("two\nlines \"q\" é \u0001", document!.Text);
        Assert.Equal("""{"wren":{"x":1.5}}""", document.Metadata.ToJsonString());
        Assert.True(DocumentFastParser.TryParse("""{"text":"no escapes at all"}"""u8, "f:2", out document));
        Assert.Equal(DocumentId.For("f:2", ""), document!.Id);
        Assert.Equal("f:2", document.Source);
    }

    [Fact]
    public void RawControlCharactersAndInvalidUtf8InsideStringsAreLeftToTheReader()
    {
        AssertSameAsReader("{\"text\":\"tab\tinside\"}"u8.ToArray());
        AssertSameAsReader("{\"text\":\"nul\u0000inside\"}"u8.ToArray());
        AssertSameAsReader([.. "{\"text\":\"bad "u8, 0xC3, 0x28, .. " utf8\"}"u8]);
        AssertSameAsReader([.. "{\"text\":\"cut "u8, 0xE2, 0x82, .. "\\n then escape\"}"u8]);
        AssertSameAsReader([.. "{\"text\":\"overlong "u8, 0xC0, 0xAF, .. "\"}"u8]);
        AssertSameAsReader([.. "{\"text\":\"valid \u00e9 "u8, 0xC3, 0xA9, .. "\\n\"}"u8]);
    }

    [Fact]
    public void RandomlyDamagedRecordsGetTheSameResultOrErrorFromBothPaths()
    {
        // Real-looking records (escapes, non-ASCII, metadata), each damaged at random: a byte replaced, dropped or cut.
        var random = new Random(20261126);
        string[] texts = ["line one\nline \"two\" é 中文 😀 \\ end", "plain words only", "tabs\tand\rreturns\u0001", "", "€100 – “quoted”"];
        byte[] alphabet = "\"\\{}[]:,nrtu0aA \t\n"u8.ToArray();
        for (int n = 0; n < 3000; n++)
        {
            var document = new Document
            {
                Id = "id" + n,
                Text = texts[n % texts.Length],
                Source = n % 3 == 0 ? "src/ü.txt" : "s",
                Metadata = new JsonObject { ["n"] = n, ["tags"] = new JsonArray("a", "b\n") },
            };
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                document.WriteTo(writer);
            }
            byte[] json = buffer.WrittenSpan.ToArray();
            AssertSameAsReader(json);
            int at = random.Next(json.Length);
            byte[] damaged = (n % 3) switch
            {
                0 => [.. json[..at], alphabet[random.Next(alphabet.Length)], .. json[(at + 1)..]],
                1 => [.. json[..at], .. json[(at + 1)..]],
                _ => json[..at],
            };
            AssertSameAsReader(damaged);
        }
    }
}
