using System.Text.Json;
using Wren.Export.HuggingFace;
using Wren.Runtime;
using Wren.Runtime.Tokenization;

namespace Wren.Export.Gguf;

/// <summary>
/// A Hugging Face tokenizer (<c>tokenizer.json</c>, <c>tokenizer_config.json</c>, <c>chat_template.jinja</c>) in the
/// form llama.cpp expects in GGUF, the way llama.cpp's convert_hf_to_gguf.py writes it: tokens padded to the model's
/// vocabulary size with "[PADn]", special added tokens typed CONTROL and other added tokens USER_DEFINED, special ids
/// from tokenizer_config.json falling back to config.json. Byte-level BPE becomes a "gpt2" vocabulary; BPE with byte
/// fallback and "▁" for spaces (SentencePiece converted by transformers: Llama 2, Mistral, Phi-3) becomes a "llama" one,
/// whose scores rank each token by the first merge that makes it, so llama.cpp's score-driven merging is the BPE's.
/// tokenizer.json itself is read by the runtime (<see cref="BpeTokenizer"/>), the same parse that encodes text.
/// </summary>
internal static class HfTokenizerReader
{
    // GPT-2's split regex as some tokenizer.json files write it, without the final "|\s+" of the runtime's.
    private const string Gpt2PatternShort = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)";

    public static GgufTokenizerData Load(string modelDirectory, HfModelConfig config)
    {
        string path = Path.Combine(modelDirectory, "tokenizer.json");
        if (!File.Exists(path)) throw new WrenException($"{modelDirectory}: has no tokenizer.json; GGUF export needs a byte-level BPE or SentencePiece-style BPE tokenizer");
        BpeTokenizer tokenizer = BpeTokenizer.Load(path);
        bool sentencePiece = IsSentencePiece(tokenizer);
        string? pre = sentencePiece ? null : LlamaCppPreTokenizer(tokenizer.PreTokenizer, path);

        int maxId = tokenizer.VocabularySize - 1;
        if (maxId >= config.VocabSize)
            throw new WrenException($"{path}: has token id {maxId}, beyond the model's vocab_size {config.VocabSize} in config.json");
        int vocabSize = config.VocabSize;
        var added = tokenizer.AddedTokens.ToDictionary(t => t.Id);
        var tokens = new string[vocabSize];
        var types = new int[vocabSize];
        for (int i = 0; i < vocabSize; i++)
        {
            if (added.TryGetValue(i, out var a))
            {
                tokens[i] = a.Content;
                types[i] = a.Special || LooksSpecial(a.Content) ? GgufTokenizerData.Control : GgufTokenizerData.UserDefined;
            }
            else if (tokenizer.IdToToken(i) is { } token)
            {
                tokens[i] = token;
                types[i] = !sentencePiece ? GgufTokenizerData.Normal
                    : i == tokenizer.Model.UnkId ? GgufTokenizerData.Unknown
                    : IsByteToken(token) ? GgufTokenizerData.Byte
                    : GgufTokenizerData.Normal;
            }
            else
            {
                tokens[i] = $"[PAD{i}]";
                types[i] = GgufTokenizerData.UserDefined;
            }
        }
        string[] merges = tokenizer.Model.Merges.Select(m => m.Left + " " + m.Right).ToArray();

        // Special ids: tokenizer_config.json names them by content; config.json gives ids.
        string tokConfigPath = Path.Combine(modelDirectory, "tokenizer_config.json");
        var contentToId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < vocabSize; i++) contentToId.TryAdd(tokens[i], i);
        int? bos = null, eos = null, pad = null, unk = null;
        bool? addBos = null, addEos = null;
        string? chatTemplate = null;
        if (File.Exists(tokConfigPath))
        {
            using JsonDocument tc = HfCheckpointReader.ParseJson(tokConfigPath);
            JsonElement r = tc.RootElement;
            bos = SpecialId(r, "bos_token", contentToId);
            eos = SpecialId(r, "eos_token", contentToId);
            pad = SpecialId(r, "pad_token", contentToId);
            unk = SpecialId(r, "unk_token", contentToId);
            if (r.TryGetProperty("add_bos_token", out JsonElement ab) && ab.ValueKind is JsonValueKind.True or JsonValueKind.False) addBos = ab.GetBoolean();
            if (r.TryGetProperty("add_eos_token", out JsonElement ae) && ae.ValueKind is JsonValueKind.True or JsonValueKind.False) addEos = ae.GetBoolean();
            chatTemplate = ChatTemplateFrom(r);
        }
        string jinja = Path.Combine(modelDirectory, "chat_template.jinja");
        if (File.Exists(jinja)) chatTemplate = File.ReadAllText(jinja);

        int? bosId = bos ?? config.BosTokenId;
        return new GgufTokenizerData
        {
            Tokens = tokens,
            TokenTypes = types,
            Merges = merges,
            Pre = pre,
            Scores = sentencePiece ? SentencePieceScores(tokenizer, tokens, types) : null,
            AddSpacePrefix = sentencePiece && PrefixesSpace(tokenizer),
            BosId = bosId,
            EosId = eos ?? config.EosTokenId,
            PadId = pad ?? config.PadTokenId,
            UnkId = unk,
            // The HF tokenizer adds no BOS unless its config or post-processor says so; tell llama.cpp the same.
            AddBos = addBos ?? (bosId is { } id && tokenizer.PostProcessor.Prefix is [var first, ..] && first == id),
            AddEos = addEos ?? false,
            ChatTemplate = chatTemplate,
        };
    }

    /// <summary>Whether transformers' form of a SentencePiece BPE model: byte fallback instead of a byte-level alphabet.</summary>
    private static bool IsSentencePiece(BpeTokenizer tokenizer) => tokenizer.Model.Options.ByteFallback && !tokenizer.IsByteLevel;

    /// <summary>Whether the tokenizer puts "▁" before a text (Prepend normalizer or a Metaspace pre-tokenizer that prepends).</summary>
    private static bool PrefixesSpace(BpeTokenizer tokenizer) =>
        tokenizer.Normalizer?.Normalize("a").StartsWith('▁') == true
        || tokenizer.PreTokenizer is MetaspacePreTokenizer { PrependScheme: not "never" };

    private static bool IsByteToken(string token) =>
        token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>' && Uri.IsHexDigit(token[3]) && Uri.IsHexDigit(token[4]);

    /// <summary>
    /// Scores for llama.cpp's SentencePiece merging (the adjacent pair whose concatenation is the best-scoring token
    /// merges first): a token made by merge rank r scores -r, so the order is the BPE's. Tokens no merge makes are
    /// never the result of a merge; they score below every merged one (control, byte and unknown tokens 0, as
    /// SentencePiece gives them).
    /// </summary>
    private static float[] SentencePieceScores(BpeTokenizer tokenizer, string[] tokens, int[] types)
    {
        var merges = tokenizer.Model.Merges;
        var firstRank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < merges.Count; r++) firstRank.TryAdd(merges[r].Left + merges[r].Right, r);
        var scores = new float[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            scores[i] = types[i] != GgufTokenizerData.Normal ? 0
                : firstRank.TryGetValue(tokens[i], out int rank) ? -rank
                : -(merges.Count + i);
        }

        return scores;
    }

    /// <summary>
    /// The name llama.cpp's vocabulary loader knows the pre-tokenizer by, from its split regex. llama.cpp cannot run an
    /// arbitrary regex from the file, so an unknown one is an error rather than a silently different tokenization.
    /// </summary>
    private static string LlamaCppPreTokenizer(PreTokenizer? pre, string path) => pre switch
    {
        ByteLevelPreTokenizer { UseRegex: true } => "gpt-2",
        SequencePreTokenizer { Steps: [SplitPreTokenizer split, ByteLevelPreTokenizer] } => split.Pattern switch
        {
            { Kind: ScannerKind.Qwen2 } => "qwen2",
            { Kind: ScannerKind.Llama3 } => "llama-bpe",
            { Kind: ScannerKind.Gpt2 } or { RegexSource: Gpt2PatternShort } => "gpt-2",
            _ => throw Unknown(path),
        },
        SequencePreTokenizer { Steps: [DigitsPreTokenizer { IndividualDigits: true }, ByteLevelPreTokenizer] } => "smollm",
        null => throw new WrenException($"{path}: has no pre_tokenizer; llama.cpp needs a byte-level one"),
        _ => throw Unknown(path),
    };

    private static WrenException Unknown(string path) =>
        new($"{path}: its pre-tokenizer matches none llama.cpp knows by name (GPT-2 byte level, qwen2, llama-bpe, smollm); llama.cpp would tokenize differently");

    private static int? SpecialId(JsonElement config, string key, Dictionary<string, int> contentToId)
    {
        if (!config.TryGetProperty(key, out JsonElement v)) return null;
        string? content = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object when v.TryGetProperty("content", out JsonElement c) => c.GetString(),
            _ => null,
        };
        return content != null && contentToId.TryGetValue(content, out int id) ? id : null;
    }

    private static string? ChatTemplateFrom(JsonElement tokenizerConfig)
    {
        if (!tokenizerConfig.TryGetProperty("chat_template", out JsonElement t)) return null;
        if (t.ValueKind == JsonValueKind.String) return t.GetString();
        if (t.ValueKind == JsonValueKind.Array)
            foreach (JsonElement named in t.EnumerateArray())
                if (named.TryGetProperty("name", out JsonElement n) && n.GetString() == "default") return named.GetProperty("template").GetString();
        return null;
    }

    /// <summary>convert_hf_to_gguf's does_token_look_special: &lt;|x|&gt;, &lt;x&gt;, [x] style markers.</summary>
    private static bool LooksSpecial(string token) =>
        (token.StartsWith("<|", StringComparison.Ordinal) && token.EndsWith("|>", StringComparison.Ordinal))
        || (token.StartsWith("<｜", StringComparison.Ordinal) && token.EndsWith("｜>", StringComparison.Ordinal))
        || token is "<pad>" or "<mask>" or "<2mass>" or "[@BOS@]";
}
