using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Generation;

/// <summary>
/// Everything needed to chat with a model: weights, tokenizer, chat template and stop ids. Load it with
/// <see cref="Load"/>, the one entry point that turns a path into a model: a Hugging Face folder or a
/// llama.cpp <c>.gguf</c> file (tokenizer, chat template and config from its metadata).
/// </summary>
public sealed class WrenModel : IDisposable
{
    public WrenModel(LlamaModel model, BpeTokenizer tokenizer, IChatTemplate? template, IReadOnlyList<int> stopTokenIds, string name)
    {
        Model = model;
        Tokenizer = tokenizer;
        Template = template;
        StopTokenIds = stopTokenIds;
        Name = name;
    }

    public LlamaModel Model { get; }

    public BpeTokenizer Tokenizer { get; }

    /// <summary>The chat template; null when the folder has none (then only raw completions work).</summary>
    public IChatTemplate? Template { get; }

    /// <summary>Ids that end a reply: generation_config.json's eos ids plus the tokenizer's eos token.</summary>
    public IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>The model's id as the API reports it (the folder name, or the .gguf file name without extension).</summary>
    public string Name { get; }

    /// <summary>The model's own context: the positions it was trained on (<c>max_position_embeddings</c>).</summary>
    public int TrainedContext => Model.Config.MaxPositionEmbeddings;

    /// <summary>
    /// The context a generation slot gets by default: <see cref="TrainedContext"/>, capped at <see cref="InferenceSessionOptions.DefaultMaxContext"/>
    /// to bound the KV cache; <see cref="GenerationSchedulerOptions.MaxContext"/> (<c>--context</c>) sets another.
    /// </summary>
    public int MaxContext => Math.Min(TrainedContext, InferenceSessionOptions.DefaultMaxContext);

    /// <summary>
    /// Loads a model folder (config.json, safetensors, tokenizer.json, chat template, generation_config.json)
    /// or a <c>.gguf</c> file (<c>{arch}.*</c> hyper-parameters, <c>tokenizer.ggml.*</c>, <c>tokenizer.chat_template</c>).
    /// </summary>
    /// <param name="chatTemplates">Reads the chat template (Wren.Templates' <c>ChatTemplates.Jinja</c>); null: no template, completions only.</param>
    /// <param name="templateOverride">A template to use instead of the model's own.</param>
    public static WrenModel Load(string path, IChatTemplateLoader? chatTemplates = null, IChatTemplate? templateOverride = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && full.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)) return LoadGguf(full, chatTemplates, templateOverride);
        if (File.Exists(full)) throw new WrenException($"'{path}' is a file but not a GGUF model; pass a .gguf file or a Hugging Face model folder (config.json, model.safetensors, tokenizer.json)");
        if (!Directory.Exists(full)) throw new WrenException($"model folder '{path}' does not exist");
        string tokenizerPath = Path.Combine(full, "tokenizer.json");
        if (!File.Exists(tokenizerPath)) throw new WrenException($"'{path}' has no tokenizer.json");
        var tokenizer = BpeTokenizer.Load(tokenizerPath);
        IChatTemplate? template = templateOverride ?? chatTemplates?.FromModelDirectory(full);
        var stops = new List<int>(GenerationConfigJson.ReadEosTokenIds(full));
        string? eos = template?.EosToken ?? ReadEosToken(full);
        if (eos is not null && tokenizer.TokenToId(eos) is int eosId && !stops.Contains(eosId)) stops.Add(eosId);
        var model = LlamaModel.Load(full);
        string name = Hub.HubCacheLayout.RepoIdOfSnapshot(full) ?? Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        return new WrenModel(model, tokenizer, template, stops, name);
    }

    /// <summary>
    /// A GGUF file as llama.cpp writes it: the tokenizer from <c>tokenizer.ggml.*</c>, the chat template from
    /// <c>tokenizer.chat_template</c>, stop ids as llama.cpp's end-of-generation set (eos, eot, eom and the
    /// end-of-turn markers it knows by text).
    /// </summary>
    private static WrenModel LoadGguf(string path, IChatTemplateLoader? chatTemplates, IChatTemplate? templateOverride)
    {
        BpeTokenizer tokenizer;
        IChatTemplate? template = templateOverride;
        IReadOnlyList<int> stops;
        // One reader for the tokenizer and the weights: parsing a GGUF header (the vocabulary and merges) twice was a tenth
        // of wren-run's start to first token.
        var gguf = GgufReader.Open(path);
        try
        {
            tokenizer = BpeTokenizer.FromGguf(gguf);
            stops = GgufTokenizerReader.EndOfGenerationIds(gguf, tokenizer);
            if (template is null && chatTemplates is not null && gguf.TryGetValue("tokenizer.chat_template", out var source))
            {
                string? bos = TokenText(gguf, tokenizer, "tokenizer.ggml.bos_token_id");
                string? eos = TokenText(gguf, tokenizer, "tokenizer.ggml.eos_token_id");
                template = chatTemplates.Parse(source.AsString(), bos, eos, path + " (tokenizer.chat_template)");
            }
        }
        catch
        {
            gguf.Dispose();
            throw;
        }

        var model = LlamaModel.LoadGguf(gguf);
        if (tokenizer.VocabularySize > model.Config.VocabSize)
        {
            model.Dispose();
            throw new WrenException($"{path}: the tokenizer has {tokenizer.VocabularySize} tokens but the model's embedding has {model.Config.VocabSize} rows");
        }
        return new WrenModel(model, tokenizer, template, stops, Path.GetFileNameWithoutExtension(path));
    }

    private static string? TokenText(GgufReader gguf, BpeTokenizer tokenizer, string key) =>
        gguf.TryGetValue(key, out var id) && id.AsInt64() is long value && value >= 0 && value < tokenizer.VocabularySize
            ? tokenizer.IdToToken((int)value)
            : null;

    private static string? ReadEosToken(string dir)
    {
        string path = Path.Combine(dir, "tokenizer_config.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("eos_token", out var e)) return null;
            return e.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => e.GetString(),
                System.Text.Json.JsonValueKind.Object when e.TryGetProperty("content", out var c) => c.GetString(),
                _ => null,
            };
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new WrenException($"{path}: not valid JSON ({e.Message})");
        }
    }

    /// <summary>Renders a conversation with the chat template and encodes it (the template writes any bos itself).</summary>
    public int[] EncodeChat(IReadOnlyList<TemplateMessage> messages)
    {
        if (Template is null) throw new WrenException($"model '{Name}' has no chat template; use a completion (raw prompt) instead");
        string prompt = Template.Render(messages, addGenerationPrompt: true);
        return Tokenizer.Encode(prompt, addSpecialTokens: false);
    }

    public void Dispose() => Model.Dispose();
}
