using System.Text.Json;
using Json.Schema;

namespace Wren.Tests.Peers;

/// <summary>
/// JsonSchema.Net (json-everything), an independent JSON Schema 2020-12 validator: the reference every constrained
/// output is checked against, formats included.
/// </summary>
internal static class JsonSchemaPeer
{
    /// <summary>Null when <paramref name="json"/> parses and is valid against <paramref name="schemaJson"/>, else why not.</summary>
    public static string? Validate(string schemaJson, string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }
        using (doc)
        {
            var schema = JsonSchema.FromText(schemaJson);
            var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (result.IsValid) return null;
            return string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
        }
    }
}
