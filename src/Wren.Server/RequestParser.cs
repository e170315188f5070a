using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Server;

/// <summary>Reads OpenAI request bodies into generation requests; every refusal names the field.</summary>
internal static class RequestParser
{
    public static ParsedRequest Chat(JsonElement body, WrenModel model, WrenServerOptions options)
    {
        var root = CommonChecks(body, model);
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            throw new RequestException(400, "'messages' must be a non-empty array", param: "messages");
        var list = new List<TemplateMessage>();
        int i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                throw new RequestException(400, $"messages[{i}] needs a string 'role'", param: $"messages[{i}].role");
            list.Add(new TemplateMessage(role.GetString()!, Content(m, i)));
            i++;
        }
        int[] prompt;
        try
        {
            prompt = model.EncodeChat(list);
        }
        catch (TemplateException e)
        {
            throw new RequestException(400, "the chat template rejected the messages: " + e.Message, param: "messages");
        }
        catch (WrenException e)
        {
            throw new RequestException(400, e.Message, param: "messages");
        }
        return Finish(root, prompt, options, chat: true, ResponseFormat(root, model) ?? options.DefaultConstraint);
    }

    public static ParsedRequest Completion(JsonElement body, WrenModel model, WrenServerOptions options)
    {
        var root = CommonChecks(body, model);
        if (!root.TryGetProperty("prompt", out var p)) throw new RequestException(400, "'prompt' is required", param: "prompt");
        string text = p.ValueKind switch
        {
            JsonValueKind.String => p.GetString()!,
            JsonValueKind.Array when p.GetArrayLength() == 1 && p[0].ValueKind == JsonValueKind.String => p[0].GetString()!,
            _ => throw new RequestException(400, "'prompt' must be a string (or a list of one string)", param: "prompt"),
        };
        int[] prompt = model.Tokenizer.Encode(text, addSpecialTokens: true);
        if (prompt.Length == 0) throw new RequestException(400, "'prompt' is empty", param: "prompt");
        return Finish(root, prompt, options, chat: false, constraint: options.DefaultConstraint);
    }

    private static JsonElement CommonChecks(JsonElement root, WrenModel model)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new RequestException(400, "the request body must be a JSON object");
        if (root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } name
            && !string.Equals(name, model.Name, StringComparison.Ordinal))
            throw new RequestException(404, $"The model '{name}' does not exist; this server serves '{model.Name}'", param: "model", code: "model_not_found");
        if (root.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out int count) && count == 1))
            throw new RequestException(400, "only n=1 is supported", param: "n");
        return root;
    }

    private static string Content(JsonElement message, int index)
    {
        if (!message.TryGetProperty("content", out var c) || c.ValueKind == JsonValueKind.Null) return "";
        if (c.ValueKind == JsonValueKind.String) return c.GetString()!;
        if (c.ValueKind == JsonValueKind.Array)
        {
            var sb = new System.Text.StringBuilder();
            foreach (var part in c.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.GetString() == "text" && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    sb.Append(text.GetString());
                else
                    throw new RequestException(400, $"messages[{index}].content: only text parts are supported", param: $"messages[{index}].content");
            }
            return sb.ToString();
        }
        throw new RequestException(400, $"messages[{index}].content must be a string or a list of text parts", param: $"messages[{index}].content");
    }

    private static ParsedRequest Finish(JsonElement root, int[] prompt, WrenServerOptions options, bool chat, TokenConstraint? constraint)
    {
        int maxTokens = Int(root, chat ? "max_completion_tokens" : "max_tokens") ?? Int(root, "max_tokens") ?? options.MaxTokensLimit;
        if (maxTokens < 1 || maxTokens > options.MaxTokensLimit)
            throw new RequestException(400, $"max_tokens must be between 1 and {options.MaxTokensLimit}", param: "max_tokens");
        var stops = new List<string>();
        if (root.TryGetProperty("stop", out var stop))
        {
            if (stop.ValueKind == JsonValueKind.String) stops.Add(stop.GetString()!);
            else if (stop.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in stop.EnumerateArray())
                {
                    if (s.ValueKind != JsonValueKind.String) throw new RequestException(400, "'stop' must be a string or a list of strings", param: "stop");
                    stops.Add(s.GetString()!);
                }
                if (stops.Count > 4) throw new RequestException(400, "'stop' takes at most 4 sequences", param: "stop");
            }
            else if (stop.ValueKind != JsonValueKind.Null) throw new RequestException(400, "'stop' must be a string or a list of strings", param: "stop");
        }
        var sampling = new SamplingOptions
        {
            Temperature = Float(root, "temperature") ?? 1f,
            TopP = Float(root, "top_p") ?? 1f,
            TopK = Int(root, "top_k") ?? 0,
            Seed = Int(root, "seed"),
            FrequencyPenalty = Float(root, "frequency_penalty") ?? 0,
            PresencePenalty = Float(root, "presence_penalty") ?? 0,
        };
        if (sampling.Temperature is < 0 or > 2) throw new RequestException(400, "temperature must be between 0 and 2", param: "temperature");
        if (sampling.TopP is <= 0 or > 1) throw new RequestException(400, "top_p must be in (0, 1]", param: "top_p");
        if (sampling.TopK < 0) throw new RequestException(400, "top_k must not be negative", param: "top_k");
        bool stream = root.TryGetProperty("stream", out var st) && st.ValueKind == JsonValueKind.True;
        bool includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        return new ParsedRequest(new TextGenerationRequest { PromptIds = prompt, MaxTokens = maxTokens, Sampling = sampling, StopStrings = stops, Constraint = constraint }, stream, includeUsage);
    }

    /// <summary>
    /// OpenAI's response_format: "text" (free), "json_object" (any JSON object) or "json_schema" (output that validates
    /// against json_schema.schema). Wren always enforces the schema, with or without "strict".
    /// </summary>
    private static TokenConstraint? ResponseFormat(JsonElement root, WrenModel model)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null) return null;
        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            throw new RequestException(400, "'response_format' must be an object with a string 'type'", param: "response_format");
        int vocab = model.Model.Config.VocabSize;
        try
        {
            switch (type.GetString())
            {
                case "text":
                    return null;
                case "json_object":
                    return TokenConstraint.ForJsonObject(model.Tokenizer, vocab);
                case "json_schema":
                    if (!format.TryGetProperty("json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object)
                        throw new RequestException(400, "'response_format.json_schema' must be an object with 'name' and 'schema'", param: "response_format.json_schema");
                    if (spec.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
                        throw new RequestException(400, "'response_format.json_schema.strict' must be a boolean", param: "response_format.json_schema.strict");
                    string schema = spec.TryGetProperty("schema", out var s) && s.ValueKind != JsonValueKind.Null ? s.GetRawText() : "{}";
                    return TokenConstraint.ForJsonSchema(schema, model.Tokenizer, vocab);
                default:
                    throw new RequestException(400, $"response_format type '{type.GetString()}' is not supported (use text, json_object or json_schema)", param: "response_format.type");
            }
        }
        catch (WrenException e)
        {
            throw new RequestException(400, "response_format: " + e.Message, param: "response_format");
        }
    }

    private static int? Int(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l)) return (int)Math.Clamp(l, int.MinValue, int.MaxValue);
        throw new RequestException(400, $"'{name}' must be an integer", param: name);
    }

    private static float? Float(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number) return (float)v.GetDouble();
        throw new RequestException(400, $"'{name}' must be a number", param: name);
    }
}
