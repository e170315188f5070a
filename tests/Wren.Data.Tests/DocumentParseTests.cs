using System.Text;
using System.Text.Json.Nodes;
using Wren.Data.Documents;
using Wren.Runtime;

namespace Wren.Data.Tests;

public sealed class DocumentParseTests
{
    private static Document Parse(string json) => Document.Parse(Encoding.UTF8.GetBytes(json), "shard.jsonl:7");

    [Fact]
    public void Fields_are_read_in_any_order_with_escapes_and_unknown_fields_skipped()
    {
        var document = Parse("""{"extra":{"a":[1,{"b":null}]},"metadata":{"lang":"en","n":3,"wren":{"word_count":12}},"source":"a.txt","text":"line one\nline \"two\" \u00e9\ud83d\ude00","id":"x1"}""");
        Assert.Equal("x1", document.Id);
        Assert.Equal("line one\nline \"two\" é😀", document.Text);
        Assert.Equal("a.txt", document.Source);
        Assert.Equal("""{"lang":"en","n":3,"wren":{"word_count":12}}""", document.Metadata.ToJsonString());
    }

    [Fact]
    public void A_number_id_keeps_its_json_text_and_a_missing_one_is_derived_from_where()
    {
        Assert.Equal("12.50", Parse("""{"id":12.50,"text":"t"}""").Id);
        Assert.Equal("true", Parse("""{"id":true,"text":"t"}""").Id);
        Assert.Equal(DocumentId.For("shard.jsonl:7", ""), Parse("""{"text":"t"}""").Id);
        Assert.Equal(DocumentId.For("shard.jsonl:7", ""), Parse("""{"id":null,"text":"t"}""").Id);
        Assert.Equal(DocumentId.For("shard.jsonl:7", ""), Parse("""{"id":{"k":1},"text":"t"}""").Id);
    }

    [Fact]
    public void Missing_source_and_metadata_default_to_where_and_an_empty_object()
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
    public void Malformed_records_name_where_they_are(string json, string message)
    {
        var e = Assert.Throws<WrenException>(() => Parse(json));
        Assert.StartsWith("shard.jsonl:7: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Written_documents_parse_back_to_the_same_record()
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
}
