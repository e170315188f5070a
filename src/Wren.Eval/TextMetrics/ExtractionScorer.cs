using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Wren.Eval.TextMetrics;

/// <summary>
/// Scores extracted JSON objects against the reference objects of an <c>extract</c> task: validity (the output
/// parses and validates against the task's JSON Schema, checked with JsonSchema.Net, not with Wren's own
/// constraint compiler, so the check is independent of the decoder that produced the output), and per field
/// (the schema's properties, else the references' keys) exact match of the JSON values and SQuAD token F1 of
/// their text; the task's figures are the macro averages over fields. An invalid or non-object output scores 0
/// on every field.
/// </summary>
public sealed class ExtractionScorer
{
    private readonly JsonSchema? _schema;
    private readonly IReadOnlyList<string>? _fields;

    /// <param name="schemaJson">The task's JSON Schema; null: validity is "parses as a JSON object".</param>
    public ExtractionScorer(string? schemaJson)
    {
        if (schemaJson is null) return;
        _schema = JsonSchema.FromText(schemaJson);
        using var doc = JsonDocument.Parse(schemaJson);
        if (doc.RootElement.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            _fields = properties.EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>Whether one output parses as a JSON object and validates against the schema.</summary>
    public bool IsValid(string output) => Parse(output) is not null;

    public ExtractionScores Score(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(references);
        if (predictions.Count != references.Count) throw new ArgumentException("predictions and references differ in number");
        var parsedReferences = references.Select(r => JsonNode.Parse(r) as JsonObject ?? throw new ArgumentException($"reference is not a JSON object: {r}")).ToList();
        var fields = _fields ?? parsedReferences.SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var exact = fields.ToDictionary(f => f, _ => 0.0, StringComparer.Ordinal);
        var f1 = fields.ToDictionary(f => f, _ => 0.0, StringComparer.Ordinal);
        int valid = 0;
        for (int i = 0; i < predictions.Count; i++)
        {
            var predicted = Parse(predictions[i]);
            if (predicted is null) continue;
            valid++;
            foreach (string field in fields)
            {
                var (em, tokenF1) = CompareField(predicted[field], parsedReferences[i][field]);
                exact[field] += em;
                f1[field] += tokenF1;
            }
        }

        int n = Math.Max(1, predictions.Count);
        var perField = fields.ToDictionary(f => f, f => new FieldScore(exact[f] / n, f1[f] / n), StringComparer.Ordinal);
        return new ExtractionScores
        {
            Count = predictions.Count,
            Validity = predictions.Count == 0 ? 0 : (double)valid / predictions.Count,
            Fields = perField,
            ExactMatch = perField.Count == 0 ? 0 : perField.Values.Average(s => s.ExactMatch),
            TokenF1 = perField.Count == 0 ? 0 : perField.Values.Average(s => s.TokenF1),
        };
    }

    /// <summary>One example's field scores: (exact match 0/1, token F1).</summary>
    public (double ExactMatch, double TokenF1) CompareField(JsonNode? predicted, JsonNode? reference)
    {
        if (predicted is null && reference is null) return (1, 1);
        if (predicted is null || reference is null) return (0, 0);
        bool equal = JsonNode.DeepEquals(Trimmed(predicted), Trimmed(reference));
        return (equal ? 1 : 0, equal ? 1 : SquadAnswer.F1(Text(predicted), Text(reference)));
    }

    private JsonObject? Parse(string output)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(output);
        }
        catch (JsonException)
        {
            return null;
        }

        if (node is not JsonObject obj) return null;
        if (_schema is not null)
        {
            using var doc = JsonDocument.Parse(output);
            if (!_schema.Evaluate(doc.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid) return null;
        }

        return obj;
    }

    private static JsonNode Trimmed(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonValue.Create(v.GetValue<string>().Trim())! : node;

    private static string Text(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
}
