using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>
/// <c>generation_config.json</c> as transformers' <c>GenerationConfig.from_model_config</c> writes it:
/// the model's BOS and EOS ids, so <c>generate()</c> stops where the model was trained to stop; and the
/// EOS ids read back, so Wren's own generation stops there too.
/// </summary>
public static class GenerationConfigJson
{
    public const string FileName = "generation_config.json";

    /// <summary>The transformers release whose file layout Wren writes (readable by transformers 4.x and 5.x).</summary>
    public const string TransformersVersion = "4.46.0";

    /// <summary>Writes <c>generation_config.json</c> into a folder atomically.</summary>
    public static void Save(LlamaConfig config, string folder)
    {
        var generation = new JsonObject { ["_from_model_config"] = true };
        if (config.BosTokenId is { } bos) generation["bos_token_id"] = bos;
        if (config.EosTokenIds.Count == 1) generation["eos_token_id"] = config.EosTokenIds[0];
        else if (config.EosTokenIds.Count > 1) generation["eos_token_id"] = new JsonArray(config.EosTokenIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
        generation["transformers_version"] = TransformersVersion;
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), generation.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads <c>eos_token_id</c> (a number or a list) from generation_config.json, else config.json.</summary>
    public static IReadOnlyList<int> ReadEosTokenIds(string directory)
    {
        foreach (string name in new[] { FileName, "config.json" })
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
                    return ids;
                }
            }
        }
        return [];
    }
}
