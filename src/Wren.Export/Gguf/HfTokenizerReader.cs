using System.Text.Json;
using Wren.Export.HuggingFace;
using Wren.Runtime;

namespace Wren.Export.Gguf;

/// <summary>
/// Reads a Hugging Face byte-level BPE tokenizer (<c>tokenizer.json</c>, <c>tokenizer_config.json</c>,
/// <c>chat_template.jinja</c>) into the form llama.cpp expects in GGUF, the way llama.cpp's
/// convert_hf_to_gguf.py does: tokens padded to the model's vocabulary size with "[PADn]", special
/// added tokens typed CONTROL and other added tokens USER_DEFINED, special ids from
/// tokenizer_config.json falling back to config.json.
/// </summary>
internal static class HfTokenizerReader
{
    // The pre-tokenizer split patterns of the byte-level BPE families llama.cpp names.
    private const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
    private const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)";

    public static GgufTokenizerData Load(string modelDirectory, HfModelConfig config)
    {
        string path = Path.Combine(modelDirectory, "tokenizer.json");
        if (!File.Exists(path)) throw new WrenException($"{modelDirectory}: has no tokenizer.json; GGUF export needs a byte-level BPE tokenizer");
        using JsonDocument doc = HfCheckpointReader.ParseJson(path);
        JsonElement root = doc.RootElement;
        if (!root.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.Object)
            throw new WrenException($"{path}: has no \"model\" object");
        string modelType = model.TryGetProperty("type", out JsonElement mt) ? mt.GetString() ?? "" : "";
        if (modelType != "BPE")
            throw new WrenException($"{path}: is a {modelType} tokenizer; GGUF export supports byte-level BPE (tokenizer.ggml.model gpt2)");
        string pre = DetectPre(root, path);

        // id -> token from the BPE vocabulary, then the added tokens (which may extend or override it).
        var byId = new Dictionary<int, string>();
        foreach (JsonProperty p in model.GetProperty("vocab").EnumerateObject()) byId[p.Value.GetInt32()] = p.Name;
        var added = new Dictionary<int, (string Content, bool Special)>();
        if (root.TryGetProperty("added_tokens", out JsonElement addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement t in addedTokens.EnumerateArray())
            {
                int id = t.GetProperty("id").GetInt32();
                string content = t.GetProperty("content").GetString() ?? "";
                bool special = t.TryGetProperty("special", out JsonElement s) && s.ValueKind == JsonValueKind.True;
                added[id] = (content, special);
                byId[id] = content;
            }
        }
        int maxId = byId.Count == 0 ? -1 : byId.Keys.Max();
        int vocabSize = Math.Max(config.VocabSize, maxId + 1);
        if (maxId >= config.VocabSize)
            throw new WrenException($"{path}: has token id {maxId}, beyond the model's vocab_size {config.VocabSize} in config.json");

        var tokens = new string[vocabSize];
        var types = new int[vocabSize];
        for (int i = 0; i < vocabSize; i++)
        {
            if (added.TryGetValue(i, out var a))
            {
                tokens[i] = a.Content;
                types[i] = a.Special || LooksSpecial(a.Content) ? GgufTokenizerData.Control : GgufTokenizerData.UserDefined;
            }
            else if (byId.TryGetValue(i, out string? token))
            {
                tokens[i] = token;
                types[i] = GgufTokenizerData.Normal;
            }
            else
            {
                tokens[i] = $"[PAD{i}]";
                types[i] = GgufTokenizerData.UserDefined;
            }
        }

        var merges = new List<string>();
        if (model.TryGetProperty("merges", out JsonElement mergeList))
        {
            foreach (JsonElement m in mergeList.EnumerateArray())
            {
                if (m.ValueKind == JsonValueKind.String) merges.Add(m.GetString()!);
                else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2) merges.Add(m[0].GetString() + " " + m[1].GetString());
                else throw new WrenException($"{path}: has a merge that is neither \"a b\" nor [\"a\", \"b\"]");
            }
        }

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

        return new GgufTokenizerData
        {
            Tokens = tokens,
            TokenTypes = types,
            Merges = merges.ToArray(),
            Pre = pre,
            BosId = bos ?? config.BosTokenId,
            EosId = eos ?? config.EosTokenId,
            PadId = pad ?? config.PadTokenId,
            UnkId = unk,
            // The HF tokenizer adds no BOS unless its config or post-processor says so; tell llama.cpp the same.
            AddBos = addBos ?? PostProcessorAddsBos(root, bos ?? config.BosTokenId, tokens),
            AddEos = addEos ?? false,
            ChatTemplate = chatTemplate,
        };
    }

    /// <summary>
    /// Maps the tokenizer.json pre-tokenizer onto a name llama.cpp's vocabulary loader knows, by its
    /// split regex. llama.cpp cannot run an arbitrary regex from the file, so an unknown one is an error
    /// rather than a silently different tokenization.
    /// </summary>
    private static string DetectPre(JsonElement root, string path)
    {
        if (!root.TryGetProperty("pre_tokenizer", out JsonElement pt) || pt.ValueKind != JsonValueKind.Object)
            throw new WrenException($"{path}: has no pre_tokenizer; llama.cpp needs a byte-level one");
        string type = pt.GetProperty("type").GetString() ?? "";
        if (type == "ByteLevel")
        {
            bool useRegex = !pt.TryGetProperty("use_regex", out JsonElement ur) || ur.ValueKind != JsonValueKind.False;
            if (useRegex) return "gpt-2";
        }
        if (type == "Sequence")
        {
            var steps = pt.GetProperty("pretokenizers").EnumerateArray().ToList();
            if (steps.Count == 2 && steps[0].GetProperty("type").GetString() == "Split" && steps[1].GetProperty("type").GetString() == "ByteLevel")
            {
                string? regex = steps[0].TryGetProperty("pattern", out JsonElement pat) && pat.TryGetProperty("Regex", out JsonElement re) ? re.GetString() : null;
                if (regex == Qwen2Pattern) return "qwen2";
                if (regex == Llama3Pattern) return "llama-bpe";
                if (regex == Gpt2Pattern) return "gpt-2";
            }
            if (steps.Count == 2 && steps[0].GetProperty("type").GetString() == "Digits"
                && steps[0].TryGetProperty("individual_digits", out JsonElement ind) && ind.ValueKind == JsonValueKind.True
                && steps[1].GetProperty("type").GetString() == "ByteLevel")
                return "smollm";
        }
        throw new WrenException($"{path}: its pre-tokenizer ({pt.GetRawText()}) matches none llama.cpp knows by name (GPT-2 byte level, qwen2, llama-bpe, smollm); llama.cpp would tokenize differently");
    }

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

    /// <summary>A TemplateProcessing post-processor whose single template starts with the BOS token adds BOS.</summary>
    private static bool PostProcessorAddsBos(JsonElement root, int? bos, string[] tokens)
    {
        if (bos is not { } id || !root.TryGetProperty("post_processor", out JsonElement pp) || pp.ValueKind != JsonValueKind.Object) return false;
        IEnumerable<JsonElement> processors = pp.GetProperty("type").GetString() == "Sequence" && pp.TryGetProperty("processors", out JsonElement list)
            ? list.EnumerateArray() : [pp];
        foreach (JsonElement p in processors)
        {
            if (p.GetProperty("type").GetString() != "TemplateProcessing" || !p.TryGetProperty("single", out JsonElement single)) continue;
            if (single.GetArrayLength() > 0 && single[0].TryGetProperty("SpecialToken", out JsonElement st)
                && st.GetProperty("id").GetString() == tokens[id]) return true;
        }
        return false;
    }

    /// <summary>convert_hf_to_gguf's does_token_look_special: &lt;|x|&gt;, &lt;x&gt;, [x] style markers.</summary>
    private static bool LooksSpecial(string token) =>
        (token.StartsWith("<|", StringComparison.Ordinal) && token.EndsWith("|>", StringComparison.Ordinal))
        || (token.StartsWith("<｜", StringComparison.Ordinal) && token.EndsWith("｜>", StringComparison.Ordinal))
        || token is "<pad>" or "<mask>" or "<2mass>" or "[@BOS@]";
}
