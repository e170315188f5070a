using System.Text.Json;

namespace Wren.Runtime.Chat;

/// <summary>What a model folder's <c>generation_config.json</c> (and <c>config.json</c> as fallback) says about stopping.</summary>
/// <param name="EosTokenIds">Token ids that end a reply.</param>
public sealed record GenerationConfig(IReadOnlyList<int> EosTokenIds)
{
    /// <summary>Reads <c>eos_token_id</c> (a number or a list) from generation_config.json, else config.json.</summary>
    public static GenerationConfig FromModelDirectory(string directory)
    {
        foreach (string name in new[] { "generation_config.json", "config.json" })
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path)) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                throw new WrenException($"{path}: not valid JSON ({e.Message})");
            }
            using (doc)
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("eos_token_id", out var eos))
                {
                    var ids = new List<int>();
                    if (eos.ValueKind == JsonValueKind.Number) ids.Add(eos.GetInt32());
                    else if (eos.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var e in eos.EnumerateArray())
                        {
                            if (e.ValueKind != JsonValueKind.Number) throw new WrenException($"{path}: eos_token_id must hold numbers");
                            ids.Add(e.GetInt32());
                        }
                    }
                    else if (eos.ValueKind != JsonValueKind.Null) throw new WrenException($"{path}: eos_token_id must be a number or a list of numbers");
                    return new GenerationConfig(ids);
                }
            }
        }
        return new GenerationConfig([]);
    }
}
