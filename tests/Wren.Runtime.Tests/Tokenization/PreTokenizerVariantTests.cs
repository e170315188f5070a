using System.Text.Json.Nodes;
using Wren.Runtime.Tokenization;
using Wren.Tests.Peers;

namespace Wren.Runtime.Tests.Tokenization;

/// <summary>
/// The fixture's vocabulary under the pre-tokenizers, normalizers and flags of other model
/// families (Llama-3, Qwen2, SmolLM, RoBERTa-style prefix space, NFC, ignore_merges, a regex
/// .NET runs), each checked against HF tokenizers on the same texts.
/// </summary>
public sealed class PreTokenizerVariantTests
{
    private const string Llama3 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
    private const string Qwen2 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static JsonObject ByteLevel(bool prefix, bool regex) => new() { ["type"] = "ByteLevel", ["add_prefix_space"] = prefix, ["trim_offsets"] = true, ["use_regex"] = regex };

    private static JsonObject Split(string regex, string behavior = "Isolated") =>
        new() { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = regex }, ["behavior"] = behavior, ["invert"] = false };

    private static JsonObject Sequence(params JsonNode[] steps) => new() { ["type"] = "Sequence", ["pretokenizers"] = new JsonArray(steps) };

    public static TheoryData<string> Variants => new() { "llama3", "llama3-ignore-merges", "qwen2", "smollm-digits", "prefix-space", "nfc", "dotnet-regex" };

    private static JsonNode Variant(string name)
    {
        JsonNode json = JsonNode.Parse(File.ReadAllText(Path.Combine(TokenizerPeer.TestDataDirectory, "hf-reference", "tiny-llama", "tokenizer.json")))!;
        switch (name)
        {
            case "llama3":
                json["pre_tokenizer"] = Sequence(Split(Llama3), ByteLevel(false, false));
                break;
            case "llama3-ignore-merges":
                json["pre_tokenizer"] = Sequence(Split(Llama3), ByteLevel(false, false));
                json["model"]!["ignore_merges"] = true;
                break;
            case "qwen2":
                json["pre_tokenizer"] = Sequence(Split(Qwen2), ByteLevel(false, false));
                json["normalizer"] = new JsonObject { ["type"] = "NFC" };
                break;
            case "smollm-digits":
                json["pre_tokenizer"] = Sequence(new JsonObject { ["type"] = "Digits", ["individual_digits"] = true }, ByteLevel(false, true));
                break;
            case "prefix-space":
                json["pre_tokenizer"] = ByteLevel(true, true);
                break;
            case "nfc":
                json["normalizer"] = new JsonObject { ["type"] = "NFC" };
                break;
            case "dotnet-regex":
                // Not one of the scanned patterns: words with trailing spaces merged, via .NET Regex.
                json["pre_tokenizer"] = Sequence(Split(@"\s+", "MergedWithPrevious"), ByteLevel(false, false));
                break;
        }
        return json;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void TheVariantEncodesLikeHuggingfaceTokenizers(string variant)
    {
        string path = Path.Combine(TokenizerPeer.TempDir(), "tokenizer.json");
        File.WriteAllText(path, Variant(variant).ToJsonString());
        var tokenizer = BpeTokenizer.Load(path);
        string dir = Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer");
        var texts = File.ReadLines(Path.Combine(dir, "sotu_sample.txt")).Take(300).ToList();
        string mixed = File.ReadAllText(Path.Combine(dir, "mixed_lines.txt"));
        texts.AddRange(mixed.Split('\n'));
        texts.Add(mixed);
        texts.Add("Cafe\u0301 and cafe\u0301s: e\u0301 composed differently; 1234567 digits");
        int[][] expected = TokenizerPeer.Encode(path, texts);
        for (int i = 0; i < texts.Count; i++)
        {
            int[] actual = tokenizer.Encode(texts[i], addSpecialTokens: false);
            Assert.True(expected[i].SequenceEqual(actual), $"{variant}: \"{texts[i]}\"\nHF   [{string.Join(",", expected[i])}]\nWren [{string.Join(",", actual)}]");
        }
    }
}
