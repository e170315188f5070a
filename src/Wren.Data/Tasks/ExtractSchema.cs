using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Wren.Runtime;

namespace Wren.Data.Tasks;

/// <summary>
/// The JSON Schema of an extract task: inferred from the objects its records give when none is given, and the
/// objects brought to it (a CSV cell "3" becomes the integer 3 where the schema says integer) and checked against it
/// with JsonSchema.Net.
/// </summary>
public static class ExtractSchema
{
    /// <summary>More distinct strings than this and a field is free text rather than an enum.</summary>
    public const int MaxEnumValues = 16;

    /// <summary>
    /// A schema for the objects: every field required, no other keys; a field whose every value is an integer,
    /// number or boolean (in JSON or as text) gets that type; a text field with few distinct values, each seen at
    /// least twice on average, becomes an enum, any other text a string of at most twice the longest seen. The
    /// bounds matter: constrained decoding holds a weak model to them.
    /// </summary>
    public static JsonObject Infer(IReadOnlyList<JsonObject> outputs, IReadOnlyList<string> fields)
    {
        var properties = new JsonObject();
        foreach (string field in fields)
        {
            var values = outputs.Select(o => o[field]).Where(v => v is not null).Select(v => v!).ToList();
            properties[field] = FieldSchema(values);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. fields.Select(f => (JsonNode)f)]),
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject FieldSchema(List<JsonNode> values)
    {
        var texts = values.Select(Text).ToList();
        if (texts.Count > 0 && texts.All(t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))) return new JsonObject { ["type"] = "integer" };
        if (texts.Count > 0 && texts.All(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))) return new JsonObject { ["type"] = "number" };
        if (texts.Count > 0 && texts.All(t => t is "true" or "false")) return new JsonObject { ["type"] = "boolean" };
        var distinct = texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.Count <= MaxEnumValues && texts.Count >= 2 * distinct.Count)
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. distinct.Select(d => (JsonNode)d)]) };
        int longest = texts.Count == 0 ? 64 : texts.Max(t => t.Length);
        return new JsonObject { ["type"] = "string", ["maxLength"] = Math.Clamp(2 * longest, 16, 2048) };
    }

    /// <summary>The object with text values turned into the integers, numbers and booleans the schema's properties say they are.</summary>
    public static JsonObject Coerce(JsonObject output, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties) return output;
        var result = new JsonObject();
        foreach (var (key, value) in output)
        {
            string? type = properties[key] is JsonObject p && p["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
            result[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Typed(v.GetValue<string>(), type) : value?.DeepClone();
        }

        return result;
    }

    private static JsonNode? Typed(string text, string? type)
    {
        string trimmed = text.Trim();
        return type switch
        {
            "integer" when long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) => JsonValue.Create(l),
            "number" when double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) => JsonValue.Create(d),
            "boolean" when trimmed is "true" or "false" => JsonValue.Create(trimmed == "true"),
            _ => JsonValue.Create(text),
        };
    }

    /// <summary>Null when the object validates against the schema, else the first reason it does not.</summary>
    public static string? Check(JsonObject output, JsonSchema schema)
    {
        using var doc = JsonDocument.Parse(output.ToJsonString());
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return null;
        return (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).FirstOrDefault() ?? "does not validate";
    }

    /// <summary>A schema file's text, parsed: an error names the file.</summary>
    public static JsonObject Load(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"--schema: '{Path.GetFullPath(path)}' does not exist");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new WrenException($"--schema {path}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new WrenException($"--schema {path}: not JSON ({e.Message})");
        }
    }

    private static string Text(JsonNode value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : value.ToJsonString();
}
