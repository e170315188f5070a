using System.Collections.Concurrent;
using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Generation;

namespace Wren.Templates;

/// <summary>
/// A Hugging Face chat template: the Jinja program in a model folder that turns a conversation into the
/// prompt text the model was trained on. Rendered as transformers' <c>apply_chat_template(...,
/// tokenize=False)</c> does: <c>trim_blocks</c> and <c>lstrip_blocks</c> on, variables <c>messages</c>,
/// <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>, <c>tools</c> and <c>documents</c>
/// (None unless given) plus any extra ones, and the globals <c>raise_exception</c> and <c>strftime_now</c>.
/// The Jinja it supports is <see cref="JinjaTemplate"/>'s.
/// </summary>
public sealed class ChatTemplate : IChatTemplate
{
    private static readonly ConcurrentDictionary<string, JinjaTemplate> s_parsed = new(StringComparer.Ordinal);
    private readonly JinjaTemplate _template;

    private ChatTemplate(JinjaTemplate template, string? bosToken, string? eosToken)
    {
        _template = template;
        BosToken = bosToken;
        EosToken = eosToken;
    }

    /// <summary>The template source.</summary>
    public string Source => _template.Source;

    /// <summary>The <c>bos_token</c> the template sees (null when the tokenizer has none).</summary>
    public string? BosToken { get; }

    /// <summary>The <c>eos_token</c> the template sees.</summary>
    public string? EosToken { get; }

    /// <summary>
    /// Parses a template string. Parsed templates are cached by source, so loading the same model
    /// again does not parse again.
    /// </summary>
    public static ChatTemplate Parse(string source, string? bosToken = null, string? eosToken = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        string cacheKey = (name ?? "") + "\0" + source;
        if (!s_parsed.TryGetValue(cacheKey, out var template))
        {
            template = JinjaTemplate.Parse(source, TemplateOptions.ChatTemplate with { Name = name ?? "chat template" });
            if (s_parsed.Count < 256)
            {
                s_parsed.TryAdd(cacheKey, template);
            }
        }
        return new ChatTemplate(template, bosToken, eosToken);
    }

    /// <summary>
    /// Loads the chat template of a Hugging Face model folder: <c>chat_template.jinja</c> (transformers 5),
    /// else <c>chat_template</c> in <c>tokenizer_config.json</c> (a string, or a list of <c>{name, template}</c>
    /// from which <paramref name="templateName"/>, by default "default", is taken), else <c>chat_template.json</c>.
    /// <c>bos_token</c> and <c>eos_token</c> come from <c>tokenizer_config.json</c> (strings or
    /// <c>{"content": ...}</c> objects).
    /// </summary>
    public static ChatTemplate FromModelDirectory(string directory, string? templateName = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new WrenException($"model folder '{directory}' does not exist");
        }
        string configPath = Path.Combine(directory, "tokenizer_config.json");
        string? bos = null, eos = null, source = null, sourceName = null;
        JsonElement? configTemplate = null;
        if (File.Exists(configPath))
        {
            using var config = ParseJson(configPath);
            var root = config.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WrenException($"{configPath}: expected a JSON object");
            }
            bos = SpecialToken(root, "bos_token", configPath);
            eos = SpecialToken(root, "eos_token", configPath);
            if (root.TryGetProperty("chat_template", out var element) && element.ValueKind != JsonValueKind.Null)
            {
                configTemplate = element.Clone();
            }
        }

        string jinjaPath = Path.Combine(directory, "chat_template.jinja");
        string jsonPath = Path.Combine(directory, "chat_template.json");
        if (templateName is null && File.Exists(jinjaPath))
        {
            source = File.ReadAllText(jinjaPath);
            sourceName = jinjaPath;
        }
        else if (configTemplate is { } template)
        {
            source = SelectTemplate(template, templateName ?? "default", configPath);
            sourceName = configPath + " (chat_template)";
        }
        else if (File.Exists(jsonPath))
        {
            using var json = ParseJson(jsonPath);
            if (!json.RootElement.TryGetProperty("chat_template", out var element))
            {
                throw new WrenException($"{jsonPath}: no \"chat_template\" field");
            }
            source = SelectTemplate(element, templateName ?? "default", jsonPath);
            sourceName = jsonPath + " (chat_template)";
        }
        if (source is null)
        {
            throw new WrenException(
                $"'{directory}' has no chat template: looked for chat_template.jinja and \"chat_template\" in tokenizer_config.json");
        }
        return Parse(source, bos, eos, sourceName);
    }

    string IChatTemplate.Render(IReadOnlyList<TemplateMessage> messages, bool addGenerationPrompt) => Render(messages, addGenerationPrompt);

    /// <summary>
    /// Renders a conversation. <paramref name="variables"/> adds or overrides template variables such as
    /// <c>tools</c>, <c>documents</c>, <c>date_string</c> or <c>enable_thinking</c>. Throws
    /// <see cref="TemplateRaisedException"/> when the template rejects the conversation.
    /// </summary>
    public string Render(
        IReadOnlyList<TemplateMessage> messages,
        bool addGenerationPrompt,
        IReadOnlyDictionary<string, object?>? variables = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var clock = timeProvider ?? TimeProvider.System;
        var root = new Dictionary<string, object?>(16, StringComparer.Ordinal);
        TemplateGlobals.AddTo(root, () => clock.GetLocalNow().DateTime);
        var list = new List<object?>(messages.Count);
        int capacity = 512; // the prompt is the contents plus the template's markup
        foreach (var message in messages)
        {
            capacity += (message.Content?.Length ?? 0) + 64;
            var dict = new Dictionary<string, object?>(2 + (message.Fields?.Count ?? 0), StringComparer.Ordinal)
            {
                ["role"] = message.Role,
                ["content"] = message.Content,
            };
            if (message.Fields is not null)
            {
                foreach (var field in message.Fields)
                {
                    dict[field.Key] = TemplateValues.FromClr(field.Value);
                }
            }
            list.Add(dict);
        }
        root["messages"] = list;
        root["add_generation_prompt"] = addGenerationPrompt;
        root["bos_token"] = BosToken;
        root["eos_token"] = EosToken;
        root["tools"] = null;
        root["documents"] = null;
        if (variables is not null)
        {
            foreach (var pair in variables)
            {
                root[pair.Key] = TemplateValues.FromClr(pair.Value);
            }
        }
        return _template.RenderPrepared(root, capacity);
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not valid JSON ({e.Message})", e);
        }
    }

    private static string? SpecialToken(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var token))
        {
            return null;
        }
        return token.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => token.GetString(),
            JsonValueKind.Object when token.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                => content.GetString(),
            _ => throw new WrenException($"{path}: \"{name}\" must be a string or an object with \"content\""),
        };
    }

    private static string SelectTemplate(JsonElement element, string name, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString()!;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new WrenException($"{path}: \"chat_template\" must be a string or a list of {{\"name\", \"template\"}}");
        }
        var names = new List<string>();
        foreach (var entry in element.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("name", out var entryName) || entryName.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("template", out var template) || template.ValueKind != JsonValueKind.String)
            {
                throw new WrenException($"{path}: each \"chat_template\" entry needs string \"name\" and \"template\"");
            }
            if (entryName.GetString() == name)
            {
                return template.GetString()!;
            }
            names.Add(entryName.GetString()!);
        }
        throw new WrenException($"{path}: no chat template named '{name}' (has: {string.Join(", ", names)})");
    }
}
