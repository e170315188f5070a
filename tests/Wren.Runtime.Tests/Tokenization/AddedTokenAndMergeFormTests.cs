using System.Text.Json.Nodes;
using Wren.Runtime.Tokenization;
using Wren.Tests.Peers;

namespace Wren.Runtime.Tests.Tokenization;

/// <summary>Added-token options and the older merges format, each checked against HF tokenizers.</summary>
public sealed class AddedTokenAndMergeFormTests
{
    private static JsonNode Fixture() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TokenizerPeer.TestDataDirectory, "hf-reference", "tiny-llama", "tokenizer.json")))!;

    private static readonly string[] Texts =
    [
        "The Senate and the Senators met <mask> here.",
        "Senate,Senate Senate-Senate xSenate Senatex <mask><mask>   <mask>\tend",
        "left   <mask>right and [SEP]   after [SEP]",
        "no added tokens at all",
        "<mask>",
        "   <mask>   ",
    ];

    [Fact]
    public void LstripRstripAndSingleWordAddedTokensSplitTextAsHuggingfaceDoes()
    {
        JsonNode json = Fixture();
        var added = json["added_tokens"]!.AsArray();
        added.Add(new JsonObject { ["id"] = 1024, ["content"] = "<mask>", ["single_word"] = false, ["lstrip"] = true, ["rstrip"] = false, ["normalized"] = false, ["special"] = true });
        added.Add(new JsonObject { ["id"] = 1025, ["content"] = "Senate", ["single_word"] = true, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = false });
        added.Add(new JsonObject { ["id"] = 1026, ["content"] = "[SEP]", ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = true, ["normalized"] = false, ["special"] = true });
        string path = Path.Combine(TokenizerPeer.TempDir(), "tokenizer.json");
        File.WriteAllText(path, json.ToJsonString());

        var tokenizer = BpeTokenizer.Load(path);
        int[][] expected = TokenizerPeer.Encode(path, Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expected[i], tokenizer.Encode(Texts[i], addSpecialTokens: false));
        }
        Assert.Contains(1024, tokenizer.Encode(Texts[0]));
        Assert.Equal("a b", tokenizer.Decode(tokenizer.Encode("a <mask> b"), skipSpecialTokens: true));
    }

    [Fact]
    public void MergesWrittenAsSpaceSeparatedStringsEncodeLikePairs()
    {
        JsonNode json = Fixture();
        var merges = json["model"]!["merges"]!.AsArray();
        var strings = new JsonArray();
        foreach (JsonNode? pair in merges)
        {
            strings.Add(pair![0]!.GetValue<string>() + " " + pair[1]!.GetValue<string>());
        }
        json["model"]!["merges"] = strings;
        var asStrings = BpeTokenizer.FromJson(json.ToJsonString());
        var asPairs = BpeTokenizer.FromJson(Fixture().ToJsonString());
        foreach (string text in Texts.Concat(File.ReadLines(Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer", "sotu_sample.txt")).Take(200)))
        {
            Assert.Equal(asPairs.Encode(text), asStrings.Encode(text));
        }
    }

    [Fact]
    public void AMergeThatNamesAMissingTokenIsReportedWithItsIndex()
    {
        JsonNode json = Fixture();
        json["model"]!["merges"]!.AsArray().Add(new JsonArray("Ġt", "no-such-token"));
        var e = Assert.Throws<WrenException>(() => BpeTokenizer.FromJson(json.ToJsonString()));
        Assert.Contains("merge 765", e.Message);
    }
}
