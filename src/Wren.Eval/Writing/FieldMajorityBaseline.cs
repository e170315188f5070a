using System.Text.Json.Nodes;

namespace Wren.Eval.Writing;

/// <summary>
/// The per-field majority baseline of an extract task: every field set to its most common value in the training
/// outputs (ties: the value seen first), whatever the input. It scores the share of each field that is always the
/// same; a model that cannot beat it has learnt nothing from the input.
/// </summary>
public sealed class FieldMajorityBaseline
{
    private readonly string _output;

    public FieldMajorityBaseline(IReadOnlyList<string> trainOutputs)
    {
        ArgumentNullException.ThrowIfNull(trainOutputs);
        var objects = trainOutputs.Select(o => JsonNode.Parse(o) as JsonObject).Where(o => o is not null).Select(o => o!).ToList();
        if (objects.Count == 0) throw new ArgumentException("the majority baseline needs training outputs that are JSON objects", nameof(trainOutputs));
        var fields = objects.SelectMany(o => o.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
        var result = new JsonObject();
        foreach (string field in fields)
        {
            var counts = new Dictionary<string, (int Count, int First, JsonNode? Value)>(StringComparer.Ordinal);
            for (int i = 0; i < objects.Count; i++)
            {
                if (!objects[i].TryGetPropertyValue(field, out var value)) continue;
                string key = value?.ToJsonString() ?? "null";
                counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.First, c.Value) : (1, i, value);
            }

            var best = counts.Values.OrderByDescending(c => c.Count).ThenBy(c => c.First).First();
            result[field] = best.Value?.DeepClone();
        }

        _output = result.ToJsonString();
    }

    public string Write(string input) => _output;
}
