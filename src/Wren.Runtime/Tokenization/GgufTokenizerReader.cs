using Wren.Runtime.Formats.Gguf;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// Builds a <see cref="BpeTokenizer"/> from the <c>tokenizer.ggml.*</c> metadata of a GGUF file, the way
/// llama.cpp's vocabulary loader (llama-vocab.cpp) reads it:
/// <list type="bullet">
/// <item><c>gpt2</c> (byte-level BPE): tokens, token types, ranked merges, and the pre-tokenizer named by
/// <c>tokenizer.ggml.pre</c> (llama.cpp's fixed regex list for that name; unknown or missing names get
/// llama.cpp's "default" list, as llama.cpp does).</item>
/// <item><c>llama</c> (SentencePiece): tokens and scores; merging the highest-scoring adjacent pair that
/// forms a vocabulary token, leftmost on ties, is BPE with merges ranked by the merged token's score, so it
/// runs on the same BPE model with <c>&lt;0xNN&gt;</c> byte fallback, <c>▁</c> for spaces and a leading
/// <c>▁</c> (<c>tokenizer.ggml.add_space_prefix</c>).</item>
/// </list>
/// CONTROL and USER_DEFINED tokens are matched in raw text before the model runs (CONTROL ones are
/// special: skipped by <c>Decode(skipSpecialTokens: true)</c>); BOS/EOS are added as
/// <c>tokenizer.ggml.add_bos_token</c>/<c>add_eos_token</c> say, with llama.cpp's defaults when absent.
/// </summary>
internal static class GgufTokenizerReader
{
    /// <summary>llama.cpp's token types (gguf TokenType).</summary>
    private const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, ByteToken = 6;

    // llama.cpp's regex lists (llama-vocab.cpp, llm_tokenizer_bpe) for the families it names.
    private const string Gpt2Regex = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)";

    private static readonly string[] s_defaultRegexes = [@"[\p{P}\$\+<=>\^~\|]+", Gpt2Regex, @"\p{N}+", "[0-9][0-9][0-9]"];
    private static readonly string[] s_falconRegexes = [@"[\p{P}\$\+<=>\^~\|`]+", Gpt2Regex, "[0-9][0-9][0-9]"];
    private static readonly string[] s_digitsThenGpt2Regexes = [@"\p{N}", Gpt2Regex];

    /// <summary>The text llama.cpp treats as end-of-generation whatever the metadata says (llama-vocab.cpp's EOG list).</summary>
    private static readonly string[] s_endOfGenerationTexts =
    [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<end_of_turn>", "<|endoftext|>",
        "<|eom_id|>", "<EOT>", "_<EOT>", "<|end_of_text|>", "<end_of_utterance>",
    ];

    public static BpeTokenizer Read(GgufReader gguf)
    {
        string where = gguf.Path;
        string model = gguf.TryGetValue("tokenizer.ggml.model", out GgufValue? m)
            ? m.AsString()
            : throw new WrenException($"{where}: no tokenizer.ggml.model in the metadata; the file carries no tokenizer");
        string[] tokens = Strings(gguf, "tokenizer.ggml.tokens") ?? throw new WrenException($"{where}: tokenizer.ggml.tokens is missing");
        int[] types = Ints(gguf, "tokenizer.ggml.token_type", tokens.Length) ?? Filled(tokens.Length, Normal);
        var vocab = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        bool copied = false;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Length == 0)
            {
                // The reader's own array is the file's metadata: copied before the first rename, not on every load.
                if (!copied)
                {
                    tokens = (string[])tokens.Clone();
                    copied = true;
                }
                tokens[i] = $"[EMPTY_{i}]"; // llama.cpp's name for an empty token, so ids stay unique
            }
            if (!vocab.TryAdd(tokens[i], i))
            {
                throw new WrenException($"{where}: tokenizer.ggml.tokens has \"{tokens[i]}\" twice (ids {vocab[tokens[i]]} and {i})");
            }
        }
        int? bos = TokenId(gguf, "tokenizer.ggml.bos_token_id", tokens.Length);
        int? eos = TokenId(gguf, "tokenizer.ggml.eos_token_id", tokens.Length);
        int? unk = TokenId(gguf, "tokenizer.ggml.unknown_token_id", tokens.Length);

        return model switch
        {
            "gpt2" => ReadByteLevelBpe(gguf, tokens, types, vocab, bos, eos),
            "llama" => ReadSentencePiece(gguf, tokens, types, vocab, bos ?? 1, eos ?? 2, unk ?? 0),
            _ => throw new WrenException(
                $"{where}: tokenizer.ggml.model '{model}' is not supported; Wren reads 'gpt2' (byte-level BPE: GPT-2, Llama 3, Qwen2, SmolLM) and 'llama' (SentencePiece: Llama 2, Mistral, TinyLlama) tokenizers"),
        };
    }

    /// <summary>
    /// The ids that end generation as llama.cpp decides them: eos, eot and eom from the metadata plus every
    /// token whose text is one of llama.cpp's end-of-turn markers.
    /// </summary>
    public static IReadOnlyList<int> EndOfGenerationIds(GgufReader gguf, BpeTokenizer tokenizer)
    {
        var ids = new List<int>();
        foreach (string key in new[] { "tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id" })
        {
            if (TokenId(gguf, key, tokenizer.VocabularySize) is int id && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }
        foreach (string text in s_endOfGenerationTexts)
        {
            if (tokenizer.TokenToId(text) is int id && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    private static BpeTokenizer ReadByteLevelBpe(GgufReader gguf, string[] tokens, int[] types, Dictionary<string, int> vocab, int? bos, int? eos)
    {
        string where = gguf.Path;
        string[] mergeStrings = Strings(gguf, "tokenizer.ggml.merges") ?? throw new WrenException($"{where}: tokenizer.ggml.merges is missing; a gpt2 tokenizer needs its merges");
        var merges = new List<(string, string)>(mergeStrings.Length);
        var lookup = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int i = 0; i < mergeStrings.Length; i++)
        {
            string s = mergeStrings[i];
            int space = s.IndexOf(' ', 1);
            if (space < 0)
            {
                throw new WrenException($"{where}: tokenizer.ggml.merges[{i}] \"{s}\" is not two tokens separated by a space");
            }
            merges.Add((Token(s.AsSpan(0, space)), Token(s.AsSpan(space + 1))));
        }

        // The vocabulary's own string for a half (a merge list is 30-150 thousand pairs: two new strings each were a
        // tenth of wren-run's start); a half outside it stays a new string, for BpeModel's error that names it.
        string Token(ReadOnlySpan<char> half) => lookup.TryGetValue(half, out int id) ? tokens[id] : half.ToString();

        string pre = gguf.TryGetValue("tokenizer.ggml.pre", out GgufValue? p) ? p.AsString() : "default";
        var (steps, ignoreMerges, defaultAddBos) = PreTokenizerFor(pre);
        var bpe = new BpeModel(vocab, merges, new BpeModelOptions { IgnoreMerges = ignoreMerges });
        bool addBos = Bool(gguf, "tokenizer.ggml.add_bos_token") ?? defaultAddBos;
        bool addEos = Bool(gguf, "tokenizer.ggml.add_eos_token") ?? false;
        var post = new PostProcessorSpec
        {
            Prefix = addBos ? [bos ?? throw new WrenException($"{where}: tokenizer.ggml.add_bos_token is set but there is no tokenizer.ggml.bos_token_id")] : [],
            Suffix = addEos ? [eos ?? throw new WrenException($"{where}: tokenizer.ggml.add_eos_token is set but there is no tokenizer.ggml.eos_token_id")] : [],
        };
        return new BpeTokenizer(bpe, AddedTokens(tokens, types), normalizer: null, steps, byteLevel: true, post, new DecoderSpec { ByteLevel = true });
    }

    /// <summary>
    /// The pre-tokenizer llama.cpp runs for <paramref name="pre"/>. The named families use the same
    /// patterns as their tokenizer.json (so the hand-written scanners run); the rest are llama.cpp's regex
    /// lists, each splitting the pieces of the one before, matches and gaps both kept (Split, Isolated).
    /// </summary>
    private static (PreTokenizer Steps, bool IgnoreMerges, bool AddBos) PreTokenizerFor(string pre)
    {
        var byteLevel = new ByteLevelPreTokenizer { AddPrefixSpace = false, UseRegex = false };
        PreTokenizer Single(string pattern) => new SequencePreTokenizer([Split(pattern), byteLevel]);
        PreTokenizer Many(string[] patterns) => new SequencePreTokenizer([.. patterns.Select(Split), byteLevel]);
        return pre switch
        {
            "llama3" or "llama-v3" or "llama-bpe" or "falcon3" or "falcon-h1" or "pixtral" or "midm-2.0" or "lfm2"
                => (Single(PreTokenizerScanner.Llama3Pattern), true, true),
            "dbrx" or "smaug-bpe" or "chatglm-bpe" or "glm4" => (Single(PreTokenizerScanner.Llama3Pattern), false, false),
            "qwen2" or "deepseek-r1-qwen" or "kormo" or "megrez" or "stablelm2" or "hunyuan" or "f2llmv2"
                => (Single(PreTokenizerScanner.Qwen2Pattern), false, false),
            "gpt-2" or "phi-2" or "jina-es" or "jina-de" or "gigachat" or "jina-v2-es" or "jina-v2-de" or "a.x-4.0" or "mellum"
                or "exaone4" or "mpt" or "olmo" or "jais" or "trillion" or "granite-docling" or "jina-v1-en" or "jina-v2-code" or "roberta-bpe"
                => (new ByteLevelPreTokenizer { AddPrefixSpace = false, UseRegex = true }, false, false),
            "smollm" or "starcoder" or "refact" or "command-r" or "codeshell" or "exaone" or "minerva-7b"
                => (Many(s_digitsThenGpt2Regexes), false, false),
            "falcon" => (Many(s_falconRegexes), false, false),
            _ => (Many(s_defaultRegexes), false, false),
        };

        static SplitPreTokenizer Split(string pattern) => new(SplitPattern.ForRegex(pattern), SplitBehavior.Isolated, invert: false);
    }

    private static BpeTokenizer ReadSentencePiece(GgufReader gguf, string[] tokens, int[] types, Dictionary<string, int> vocab, int bos, int eos, int unk)
    {
        float[] scores = Floats(gguf, "tokenizer.ggml.scores", tokens.Length) ?? new float[tokens.Length];

        // Rank every (left, right) split of every token whose halves are both tokens by the merged token's
        // score, highest first; equal scores share a rank so the leftmost pair wins, as in llama.cpp.
        int[] order = new int[tokens.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) =>
        {
            int byScore = scores[b].CompareTo(scores[a]);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        var merges = new List<(string, string)>();
        var ranks = new List<int>();
        var lookup = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        int rank = -1;
        float previous = float.NaN;
        foreach (int id in order)
        {
            if (types[id] is Control or Unknown or ByteToken or Unused)
            {
                continue;
            }
            string token = tokens[id];
            bool first = true;
            for (int cut = 1; cut < token.Length; cut++)
            {
                // Looked up as spans, and the pair holds the vocabulary's own strings: every cut of every token is tried.
                if (char.IsLowSurrogate(token[cut]) || !lookup.TryGetValue(token.AsSpan(0, cut), out int left) || !lookup.TryGetValue(token.AsSpan(cut), out int right))
                {
                    continue;
                }
                if (first && !(scores[id] == previous))
                {
                    rank++;
                    previous = scores[id];
                }
                first = false;
                merges.Add((tokens[left], tokens[right]));
                ranks.Add(rank);
            }
        }

        bool addSpacePrefix = Bool(gguf, "tokenizer.ggml.add_space_prefix") ?? true;
        bool addBos = Bool(gguf, "tokenizer.ggml.add_bos_token") ?? true;
        bool addEos = Bool(gguf, "tokenizer.ggml.add_eos_token") ?? false;
        var bpe = new BpeModel(vocab, merges, new BpeModelOptions { ByteFallback = true, UnkToken = (uint)unk < (uint)tokens.Length ? tokens[unk] : null }, ranks);
        var replaceSpaces = new Normalizer.Replace(" ", null, "▁");
        Normalizer normalizer = addSpacePrefix ? new Normalizer.Sequence([new Normalizer.Prepend("▁"), replaceSpaces]) : replaceSpaces;
        var post = new PostProcessorSpec
        {
            Prefix = addBos && (uint)bos < (uint)tokens.Length ? [bos] : [],
            Suffix = addEos && (uint)eos < (uint)tokens.Length ? [eos] : [],
        };
        var decoder = new DecoderSpec { Replacements = [("▁", " ")], ByteFallback = true, StripLeadingSpaces = addSpacePrefix ? 1 : 0 };
        return new BpeTokenizer(bpe, AddedTokens(tokens, types), normalizer, preTokenizer: null, byteLevel: false, post, decoder);
    }

    /// <summary>CONTROL and USER_DEFINED tokens, matched in raw text (llama.cpp's tokenizer_st_partition).</summary>
    private static List<AddedToken> AddedTokens(string[] tokens, int[] types)
    {
        var added = new List<AddedToken>();
        for (int i = 0; i < tokens.Length; i++)
        {
            bool control = types[i] == Control;
            if (control || types[i] == UserDefined)
            {
                added.Add(new AddedToken { Id = i, Content = tokens[i], Special = control });
            }
        }
        return added;
    }

    private static string[]? Strings(GgufReader gguf, string key)
    {
        if (!gguf.TryGetValue(key, out GgufValue? v))
        {
            return null;
        }
        return v.Value is GgufArray { Items: string[] items } ? items : throw new WrenException($"{gguf.Path}: {key} is not an array of strings");
    }

    private static int[]? Ints(GgufReader gguf, string key, int count)
    {
        if (!gguf.TryGetValue(key, out GgufValue? v))
        {
            return null;
        }
        if (v.Value is not GgufArray array || array.Count != count)
        {
            throw new WrenException($"{gguf.Path}: {key} must be an array of {count} integers, one per token");
        }
        // llama.cpp writes int32; any other integer type is converted element by element (GetValue would box each one).
        switch (array.Items)
        {
            case int[] ints: return (int[])ints.Clone();
            case uint[] uints: return Converted(uints, v => checked((int)v));
            case long[] longs: return Converted(longs, v => checked((int)v));
            case ulong[] ulongs: return Converted(ulongs, v => checked((int)v));
            case short[] shorts: return Converted(shorts, v => v);
            case ushort[] ushorts: return Converted(ushorts, v => v);
            case sbyte[] sbytes: return Converted(sbytes, v => v);
            case byte[] bytes: return Converted(bytes, v => v);
            default: throw new WrenException($"{gguf.Path}: {key} must be an array of {count} integers, one per token");
        }

        int[] Converted<T>(T[] values, Func<T, int> convert)
        {
            var result = new int[count];
            try
            {
                for (int i = 0; i < count; i++) result[i] = convert(values[i]);
            }
            catch (OverflowException)
            {
                throw new WrenException($"{gguf.Path}: {key} has a value outside the 32-bit range");
            }
            return result;
        }
    }

    private static float[]? Floats(GgufReader gguf, string key, int count)
    {
        if (!gguf.TryGetValue(key, out GgufValue? v))
        {
            return null;
        }
        return v.Value is GgufArray { Items: float[] items } && items.Length == count
            ? items
            : throw new WrenException($"{gguf.Path}: {key} must be an array of {count} float32 scores, one per token");
    }

    private static bool? Bool(GgufReader gguf, string key) => gguf.TryGetValue(key, out GgufValue? v) ? v.AsInt64() != 0 : null;

    /// <summary>A special id from the metadata; llama.cpp ignores (with a warning) one outside the vocabulary, and so does this.</summary>
    /// <summary>A token id from the metadata, or null when absent; an id outside the vocabulary is corruption.</summary>
    private static int? TokenId(GgufReader gguf, string key, int vocabularySize)
    {
        if (!gguf.TryGetValue(key, out GgufValue? v))
        {
            return null;
        }
        long id = v.AsInt64();
        return id >= 0 && id < vocabularySize ? (int)id : throw new WrenException($"{gguf.Path}: metadata '{key}' is {id}, outside the vocabulary [0, {vocabularySize})");
    }

    private static int[] Filled(int count, int value)
    {
        var result = new int[count];
        Array.Fill(result, value);
        return result;
    }
}
