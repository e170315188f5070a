using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Tokenization;

namespace Wren.Export.HuggingFace;

/// <summary>
/// Writes the tokenizer files of an exported model folder so that transformers 4.x <c>AutoTokenizer</c>
/// loads them (and 5.x still does): <c>tokenizer.json</c> as is, <c>tokenizer_config.json</c> with the chat
/// template inlined under <c>chat_template</c> (transformers 4 does not read <c>chat_template.jinja</c> before
/// 4.50) and a tokenizer class it knows, and <c>special_tokens_map.json</c>.
/// </summary>
public static class HfTokenizerFiles
{
    public const string TokenizerJson = "tokenizer.json";
    public const string TokenizerConfigJson = "tokenizer_config.json";
    public const string SpecialTokensMapJson = "special_tokens_map.json";
    public const string ChatTemplateJinja = "chat_template.jinja";

    private static readonly string[] SpecialTokenKeys = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"];

    // Files of slow tokenizers that transformers also reads when present; copied unchanged.
    private static readonly string[] CopiedAsIs = [ChatTemplateJinja, "vocab.json", "merges.txt", "tokenizer.model", "added_tokens.json"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Copies and normalises the tokenizer files of <paramref name="source"/> into <paramref name="destination"/>; returns the names written.</summary>
    public static IReadOnlyList<string> Write(string source, string destination, LlamaConfig config, BpeTokenizer tokenizer)
    {
        var written = new List<string>();
        File.Copy(Path.Combine(source, TokenizerJson), Path.Combine(destination, TokenizerJson), overwrite: true);
        written.Add(TokenizerJson);

        JsonObject tokenizerConfig = BuildTokenizerConfig(source, config, tokenizer);
        AtomicFile.WriteAllText(Path.Combine(destination, TokenizerConfigJson), tokenizerConfig.ToJsonString(Indented));
        written.Add(TokenizerConfigJson);

        JsonObject specialTokens = BuildSpecialTokensMap(source, tokenizerConfig);
        AtomicFile.WriteAllText(Path.Combine(destination, SpecialTokensMapJson), specialTokens.ToJsonString(Indented));
        written.Add(SpecialTokensMapJson);

        foreach (string name in CopiedAsIs)
        {
            string path = Path.Combine(source, name);
            if (!File.Exists(path)) continue;
            File.Copy(path, Path.Combine(destination, name), overwrite: true);
            written.Add(name);
        }

        return written;
    }

    internal static JsonObject BuildTokenizerConfig(string source, LlamaConfig config, BpeTokenizer tokenizer)
    {
        string path = Path.Combine(source, TokenizerConfigJson);
        JsonObject result = File.Exists(path) ? ReadObject(path) : [];

        // transformers 5 names its generic fast tokenizer "TokenizersBackend" and adds a "backend" key;
        // transformers 4 knows the same class as PreTrainedTokenizerFast.
        string? tokenizerClass = result["tokenizer_class"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        if (tokenizerClass is null or "TokenizersBackend") result["tokenizer_class"] = "PreTrainedTokenizerFast";
        result.Remove("backend");

        string jinja = Path.Combine(source, ChatTemplateJinja);
        if (result["chat_template"] is null && File.Exists(jinja)) result["chat_template"] = File.ReadAllText(jinja);

        // A model that stops at EOS needs the tokenizer to know that token too (generate() and chat pipelines use it).
        if (result["eos_token"] is null && config.EosTokenIds.Count > 0 && tokenizer.IdToToken(config.EosTokenIds[0]) is { } eos)
            result["eos_token"] = eos;
        if (!result.ContainsKey("bos_token")) result["bos_token"] = config.BosTokenId is { } bos && tokenizer.IdToToken(bos) is { } bosToken ? bosToken : null;
        if (!result.ContainsKey("model_max_length")) result["model_max_length"] = config.MaxPositionEmbeddings;
        if (!result.ContainsKey("clean_up_tokenization_spaces")) result["clean_up_tokenization_spaces"] = false;
        return result;
    }

    private static JsonObject BuildSpecialTokensMap(string source, JsonObject tokenizerConfig)
    {
        string path = Path.Combine(source, SpecialTokensMapJson);
        if (File.Exists(path)) return ReadObject(path);
        var map = new JsonObject();
        foreach (string key in SpecialTokenKeys)
        {
            // Strings or AddedToken objects ({"content": ..., "lstrip": ...}) as transformers writes either.
            if (tokenizerConfig[key] is JsonNode node) map[key] = node.DeepClone();
        }

        return map;
    }

    private static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new WrenException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
