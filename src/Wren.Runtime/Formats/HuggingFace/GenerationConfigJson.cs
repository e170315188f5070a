using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>
/// <c>generation_config.json</c> as transformers' <c>GenerationConfig.from_model_config</c> writes it:
/// the model's BOS and EOS ids, so <c>generate()</c> stops where the model was trained to stop.
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
}
