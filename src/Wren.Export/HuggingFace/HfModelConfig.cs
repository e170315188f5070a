using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Export.HuggingFace;

/// <summary>
/// What the exporter needs from a Hugging Face <c>config.json</c> for the Llama family, accepting
/// both transformers 4 (rope_theta at the top level) and 5 (under rope_parameters) spellings.
/// </summary>
internal sealed record HfModelConfig
{
    public required string Architecture { get; init; }

    /// <summary>The runtime's reading of the same config.json, which the architecture's description is applied to.</summary>
    public required LlamaConfig Model { get; init; }
    public required string ModelType { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int LayerCount { get; init; }
    public required int HeadCount { get; init; }
    public required int KvHeadCount { get; init; }
    public required int HeadDim { get; init; }
    public required float RmsNormEps { get; init; }
    public required float RopeTheta { get; init; }
    public required int ContextLength { get; init; }
    public required int VocabSize { get; init; }
    public required bool TieWordEmbeddings { get; init; }
    public int? BosTokenId { get; init; }
    public int? EosTokenId { get; init; }
    public int? PadTokenId { get; init; }
    public string? RopeScalingType { get; init; }
    public float RopeScalingFactor { get; init; } = 1;
    public float RopeLowFreqFactor { get; init; } = 1;
    public float RopeHighFreqFactor { get; init; } = 4;
    public int RopeOriginalContext { get; init; } = 8192;
    public string? NameOrPath { get; init; }

    public static HfModelConfig Load(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, "config.json");
        if (!File.Exists(path)) throw new WrenException($"{modelDirectory}: has no config.json (is it a Hugging Face model folder?)");
        // The runtime's parser owns the config's spellings (transformers 4 and 5, rope_parameters,
        // llama3/linear scaling) and rejects other architectures by name; only the few fields it has
        // no use for are read here.
        LlamaConfig config = LlamaConfigJson.Load(path);
        using JsonDocument doc = HfCheckpointReader.ParseJson(path);
        JsonElement root = doc.RootElement;
        RopeScaling scaling = config.RopeScaling;
        string? scalingType = scaling.Type == RopeScaling.None.Type ? null : scaling.Type;

        return new HfModelConfig
        {
            Architecture = config.ArchitectureName,
            Model = config,
            ModelType = Str(root, "model_type") ?? "",
            HiddenSize = config.HiddenSize,
            IntermediateSize = config.IntermediateSize,
            LayerCount = config.NumHiddenLayers,
            HeadCount = config.NumAttentionHeads,
            KvHeadCount = config.NumKeyValueHeads,
            HeadDim = config.HeadDim,
            RmsNormEps = (float)config.RmsNormEps,
            RopeTheta = (float)config.RopeTheta,
            ContextLength = config.MaxPositionEmbeddings,
            VocabSize = config.VocabSize,
            TieWordEmbeddings = config.TieWordEmbeddings,
            BosTokenId = config.BosTokenId,
            EosTokenId = config.EosTokenIds.Count > 0 ? config.EosTokenIds[0] : null,
            PadTokenId = FirstId(root, "pad_token_id"),
            RopeScalingType = scalingType,
            RopeScalingFactor = (float)scaling.Factor,
            RopeLowFreqFactor = (float)scaling.LowFreqFactor,
            RopeHighFreqFactor = (float)scaling.HighFreqFactor,
            RopeOriginalContext = scaling.OriginalMaxPositionEmbeddings,
            NameOrPath = Str(root, "_name_or_path"),
        };
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>An id, or the first of a list of ids (transformers allows several).</summary>
    private static int? FirstId(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement v)) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetInt32();
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0 && v[0].ValueKind == JsonValueKind.Number) return v[0].GetInt32();
        return null;
    }
}
