using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Tokenization;
using Wren.Tests.Peers;

namespace Wren.Runtime.Tests.Tokenization;

/// <summary>
/// Tokenizers built from GGUF <c>tokenizer.ggml.*</c> metadata: each llama.cpp pre-tokenizer name is
/// checked against Hugging Face tokenizers running the same split regexes on the fixture vocabulary, and
/// the SentencePiece (<c>llama</c>) model against a direct transcription of llama.cpp's score-driven merge.
/// </summary>
public sealed class GgufTokenizerTests : IDisposable
{
    private const string Gpt2Regex = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)";
    private const string Llama3 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
    private const string Qwen2 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly string _dir = Directory.CreateTempSubdirectory("wren-gguf-tok-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string FixtureTokenizer(string model = "tiny-llama") => Path.Combine(HfReference.Folder(model), "tokenizer.json");

    /// <summary>The fixture's byte-level vocabulary written as llama.cpp's converter writes it, with <paramref name="pre"/>.</summary>
    private string WriteByteLevelGguf(string? pre, bool? addBos = false, string model = "gpt2", bool typesAsUInt32 = false, string[]? extraTokens = null, string[]? extraMerges = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixtureTokenizer()));
        var vocab = doc.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Value.GetInt32(), p => p.Name);
        var tokens = new string[vocab.Count];
        var types = new int[vocab.Count];
        foreach (var (id, token) in vocab)
        {
            tokens[id] = token;
            types[id] = 1;
        }
        foreach (JsonElement added in doc.RootElement.GetProperty("added_tokens").EnumerateArray())
        {
            types[added.GetProperty("id").GetInt32()] = 3;
        }
        var merges = doc.RootElement.GetProperty("model").GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m[0].GetString() + " " + m[1].GetString()).ToArray();
        tokens = [.. tokens, .. extraTokens ?? []];
        types = [.. types, .. Enumerable.Repeat(1, extraTokens?.Length ?? 0)];
        merges = [.. merges, .. extraMerges ?? []];
        var writer = new GgufWriter();
        writer.Add("tokenizer.ggml.model", GgufValue.Of(model));
        if (pre is not null) writer.Add("tokenizer.ggml.pre", GgufValue.Of(pre));
        writer.Add("tokenizer.ggml.tokens", GgufValue.Of(tokens));
        writer.Add("tokenizer.ggml.token_type", typesAsUInt32 ? GgufValue.Of(types.Select(t => (uint)t).ToArray()) : GgufValue.Of(types));
        writer.Add("tokenizer.ggml.merges", GgufValue.Of(merges));
        writer.Add("tokenizer.ggml.bos_token_id", GgufValue.Of(0u));
        writer.Add("tokenizer.ggml.eos_token_id", GgufValue.Of(0u));
        if (addBos is bool b) writer.Add("tokenizer.ggml.add_bos_token", GgufValue.Of(b));
        string path = Path.Combine(_dir, $"{pre ?? "none"}-{Guid.NewGuid():N}.gguf");
        writer.Write(path);
        return path;
    }

    private static BpeTokenizer FromGguf(string path)
    {
        using var gguf = GgufReader.Open(path);
        return BpeTokenizer.FromGguf(gguf);
    }

    private static List<string> Texts()
    {
        string dir = Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer");
        var texts = File.ReadLines(Path.Combine(dir, "sotu_sample.txt")).Take(200).ToList();
        string mixed = File.ReadAllText(Path.Combine(dir, "mixed_lines.txt"));
        texts.AddRange(mixed.Split('\n'));
        texts.Add(mixed);
        texts.Add("It's 1,234,567.89 -- we'RE DON'T\r\n\r\n  tabs\tand   spaces   \n$5+3<=8^2~|x| 2026-11-26");
        return texts;
    }

    private static JsonObject Split(string regex) =>
        new() { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = regex }, ["behavior"] = "Isolated", ["invert"] = false };

    private static JsonObject ByteLevel(bool regex) => new() { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = regex };

    /// <summary>The same vocabulary as a tokenizer.json whose pre-tokenizer runs llama.cpp's regexes for the name.</summary>
    private string HfEquivalent(string pre)
    {
        JsonNode json = JsonNode.Parse(File.ReadAllText(FixtureTokenizer()))!;
        JsonNode[] steps = pre switch
        {
            "llama-bpe" => [Split(Llama3), ByteLevel(false)],
            "qwen2" => [Split(Qwen2), ByteLevel(false)],
            "gpt-2" => [ByteLevel(true)],
            "smollm" => [Split(@"\p{N}"), Split(Gpt2Regex), ByteLevel(false)],
            _ => [Split(@"[\p{P}\$\+<=>\^~\|]+"), Split(Gpt2Regex), Split(@"\p{N}+"), Split("[0-9][0-9][0-9]"), ByteLevel(false)],
        };
        json["pre_tokenizer"] = new JsonObject { ["type"] = "Sequence", ["pretokenizers"] = new JsonArray(steps) };
        if (pre == "llama-bpe") json["model"]!["ignore_merges"] = true; // llama.cpp sets ignore_merges for llama3
        string path = Path.Combine(_dir, $"hf-{pre}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Theory]
    [InlineData("gpt-2")]
    [InlineData("llama-bpe")]
    [InlineData("qwen2")]
    [InlineData("smollm")]
    [InlineData("default")]
    public void EachPretokenizerNameEncodesLikeHuggingfaceRunningLlamaCppRegexes(string pre)
    {
        var tokenizer = FromGguf(WriteByteLevelGguf(pre));
        var texts = Texts();
        int[][] expected = TokenizerPeer.Encode(HfEquivalent(pre), texts);
        for (int i = 0; i < texts.Count; i++)
        {
            int[] actual = tokenizer.Encode(texts[i], addSpecialTokens: false);
            Assert.True(expected[i].SequenceEqual(actual), $"{pre}: \"{texts[i]}\"\nHF   [{string.Join(",", expected[i])}]\nWren [{string.Join(",", actual)}]");
            Assert.Equal(texts[i], tokenizer.Decode(actual));
        }
    }

    [Fact]
    public void AMissingOrUnknownPreNameFallsBackToLlamaCppDefaultLikeLlamaCpp()
    {
        var reference = FromGguf(WriteByteLevelGguf("default"));
        var missing = FromGguf(WriteByteLevelGguf(null));
        var unknown = FromGguf(WriteByteLevelGguf("some-future-model"));
        foreach (string text in Texts())
        {
            int[] ids = reference.Encode(text, addSpecialTokens: false);
            Assert.Equal(ids, missing.Encode(text, addSpecialTokens: false));
            Assert.Equal(ids, unknown.Encode(text, addSpecialTokens: false));
        }
    }

    [Fact]
    public void BosIsAddedAsTheMetadataSaysAndLlama3AddsItByDefault()
    {
        const string text = "Fellow-Citizens";
        int[] plain = FromGguf(WriteByteLevelGguf("gpt-2", addBos: false)).Encode(text);
        Assert.NotEqual(0, plain[0]);
        Assert.Equal([0, .. plain], FromGguf(WriteByteLevelGguf("gpt-2", addBos: true)).Encode(text));
        Assert.Equal(plain, FromGguf(WriteByteLevelGguf("gpt-2", addBos: null)).Encode(text));
        Assert.Equal(0, FromGguf(WriteByteLevelGguf("llama-bpe", addBos: null)).Encode(text)[0]);
    }

    [Fact]
    public void ControlTokensAreMatchedInTextAndAreSpecial()
    {
        var tokenizer = FromGguf(WriteByteLevelGguf("gpt-2"));
        int[] ids = tokenizer.Encode("<|im_start|>user\nhi<|im_end|>", addSpecialTokens: false);
        Assert.Equal(1, ids[0]);
        Assert.Equal(2, ids[^1]);
        Assert.True(tokenizer.IsSpecial(1));
        Assert.Equal("user\nhi", tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void TokenTypesWrittenAsUnsignedIntegersReadAsTheSignedOnes()
    {
        var tokenizer = FromGguf(WriteByteLevelGguf("gpt-2", typesAsUInt32: true));
        Assert.Equal(FromGguf(WriteByteLevelGguf("gpt-2")).Encode("<|im_start|>user\nhi<|im_end|>", addSpecialTokens: false), tokenizer.Encode("<|im_start|>user\nhi<|im_end|>", addSpecialTokens: false));
        Assert.True(tokenizer.IsSpecial(1));
    }

    [Fact]
    public void AMergeOfATokenOutsideTheVocabularyIsNamedInTheError()
    {
        var error = Assert.Throws<WrenException>(() => FromGguf(WriteByteLevelGguf("gpt-2", extraMerges: ["zzqq xxyy"])));
        Assert.Contains("\"zzqq\" \"xxyy\"", error.Message);
        Assert.Contains("not in the vocabulary", error.Message);
    }

    [Fact]
    public void AnEmptyTokenIsRenamedWithoutChangingTheFilesMetadata()
    {
        using var gguf = GgufReader.Open(WriteByteLevelGguf("gpt-2", extraTokens: [""]));
        var tokenizer = BpeTokenizer.FromGguf(gguf);
        int id = ((string[])gguf.Get("tokenizer.ggml.tokens").AsArray().Items).Length - 1;
        Assert.Equal(id, tokenizer.TokenToId($"[EMPTY_{id}]"));
        Assert.Equal("", ((string[])gguf.Get("tokenizer.ggml.tokens").AsArray().Items)[id]);
    }

    [Theory]
    [InlineData("bert")]
    [InlineData("t5")]
    public void AnUnsupportedTokenizerModelIsNamedInTheError(string model)
    {
        string path = WriteByteLevelGguf("gpt-2", model: model);
        var error = Assert.Throws<WrenException>(() => FromGguf(path));
        Assert.Contains($"'{model}'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void AGgufWithoutATokenizerSaysSo()
    {
        string path = Path.Combine(_dir, "empty.gguf");
        new GgufWriter().Add("general.architecture", GgufValue.Of("llama")).Write(path);
        var error = Assert.Throws<WrenException>(() => FromGguf(path));
        Assert.Contains("tokenizer.ggml.model", error.Message);
    }

    // ---- SentencePiece ("llama") ----

    /// <summary>The SentencePiece fixture's vocabulary as a llama-model GGUF: score -id (merge order), byte tokens typed BYTE.</summary>
    private string WriteSentencePieceGguf(out string[] tokens, out float[] scores)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer", "llama2-style", "tokenizer.json")));
        var vocab = doc.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Value.GetInt32(), p => p.Name);
        tokens = new string[vocab.Count];
        scores = new float[vocab.Count];
        var types = new int[vocab.Count];
        foreach (var (id, token) in vocab)
        {
            tokens[id] = token;
            scores[id] = -id;
            types[id] = id == 0 ? 2 : id <= 2 ? 3 : token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) ? 6 : 1;
        }
        var writer = new GgufWriter();
        writer.Add("tokenizer.ggml.model", GgufValue.Of("llama"));
        writer.Add("tokenizer.ggml.tokens", GgufValue.Of(tokens));
        writer.Add("tokenizer.ggml.scores", GgufValue.Of(scores));
        writer.Add("tokenizer.ggml.token_type", GgufValue.Of(types));
        writer.Add("tokenizer.ggml.bos_token_id", GgufValue.Of(1u));
        writer.Add("tokenizer.ggml.eos_token_id", GgufValue.Of(2u));
        writer.Add("tokenizer.ggml.unknown_token_id", GgufValue.Of(0u));
        string path = Path.Combine(_dir, "spm.gguf");
        writer.Write(path);
        return path;
    }

    [Fact]
    public void SentencePieceEncodesLikeLlamaCppScoreDrivenMerge()
    {
        var tokenizer = FromGguf(WriteSentencePieceGguf(out string[] tokens, out float[] scores));
        var toId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++) toId[tokens[i]] = i;
        var texts = Texts();
        texts.Add("Emoji 🙂 and 東京, a character outside the vocabulary: byte fallback");
        foreach (string text in texts)
        {
            var expected = new List<int> { 1 }; // add_bos defaults to true for SentencePiece; empty text is no fragment at all
            if (text.Length > 0) expected.AddRange(ReferenceSentencePiece(("▁" + text).Replace(" ", "▁", StringComparison.Ordinal), toId, scores));
            int[] actual = tokenizer.Encode(text);
            Assert.True(expected.SequenceEqual(actual), $"\"{text}\"\nllama.cpp [{string.Join(",", expected)}]\nWren      [{string.Join(",", actual)}]");
            Assert.Equal(text, tokenizer.Decode(actual, skipSpecialTokens: true));
        }
    }

    /// <summary>
    /// llama.cpp's llm_tokenizer_spm, written plainly: UTF-8 characters as symbols; repeatedly merge the
    /// adjacent pair whose concatenation is a token with the highest score (leftmost on ties); then each
    /// symbol is its token, or its UTF-8 bytes as &lt;0xNN&gt; tokens.
    /// </summary>
    private static List<int> ReferenceSentencePiece(string text, Dictionary<string, int> toId, float[] scores)
    {
        var symbols = new List<string>();
        for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            symbols.Add(text.Substring(i, char.IsSurrogatePair(text, i) ? 2 : 1));
        while (true)
        {
            int best = -1;
            float bestScore = float.NegativeInfinity;
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                if (toId.TryGetValue(symbols[i] + symbols[i + 1], out int id) && (best < 0 || scores[id] > bestScore))
                {
                    best = i;
                    bestScore = scores[id];
                }
            }
            if (best < 0) break;
            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }
        var ids = new List<int>();
        foreach (string s in symbols)
        {
            if (toId.TryGetValue(s, out int id)) ids.Add(id);
            else foreach (byte b in Encoding.UTF8.GetBytes(s)) ids.Add(toId[$"<0x{b:X2}>"]);
        }
        return ids;
    }
}
