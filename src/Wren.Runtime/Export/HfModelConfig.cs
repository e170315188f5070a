using System.Text.Json;

namespace Wren.Runtime.Export;

/// <summary>
/// What the exporter needs from a Hugging Face <c>config.json</c> for the Llama family, accepting
/// both transformers 4 (rope_theta at the top level) and 5 (under rope_parameters) spellings.
/// </summary>
internal sealed record HfModelConfig
{
    public required string Architecture { get; init; }
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
        using JsonDocument doc = HfCheckpointReader.ParseJson(path);
        JsonElement root = doc.RootElement;

        string architecture = root.TryGetProperty("architectures", out JsonElement archs) && archs.ValueKind == JsonValueKind.Array && archs.GetArrayLength() > 0
            ? archs[0].GetString() ?? "" : "";
        string modelType = Str(root, "model_type") ?? "";
        int hidden = Int(root, "hidden_size", path);
        int heads = Int(root, "num_attention_heads", path);
        JsonElement rope = root.TryGetProperty("rope_parameters", out JsonElement rp) && rp.ValueKind == JsonValueKind.Object ? rp : default;
        float theta = Float(root, "rope_theta") ?? (rope.ValueKind == JsonValueKind.Object ? Float(rope, "rope_theta") : null) ?? 10000f;
        JsonElement scaling = root.TryGetProperty("rope_scaling", out JsonElement rs) && rs.ValueKind == JsonValueKind.Object ? rs : rope;
        string? scalingType = scaling.ValueKind == JsonValueKind.Object ? Str(scaling, "rope_type") ?? Str(scaling, "type") : null;
        if (scalingType == "default") scalingType = null;

        return new HfModelConfig
        {
            Architecture = architecture,
            ModelType = modelType,
            HiddenSize = hidden,
            IntermediateSize = Int(root, "intermediate_size", path),
            LayerCount = Int(root, "num_hidden_layers", path),
            HeadCount = heads,
            KvHeadCount = OptInt(root, "num_key_value_heads") ?? heads,
            HeadDim = OptInt(root, "head_dim") ?? hidden / heads,
            RmsNormEps = Float(root, "rms_norm_eps") ?? 1e-6f,
            RopeTheta = theta,
            ContextLength = OptInt(root, "max_position_embeddings") ?? 2048,
            VocabSize = Int(root, "vocab_size", path),
            TieWordEmbeddings = root.TryGetProperty("tie_word_embeddings", out JsonElement tie) && tie.ValueKind == JsonValueKind.True,
            BosTokenId = FirstId(root, "bos_token_id"),
            EosTokenId = FirstId(root, "eos_token_id"),
            PadTokenId = FirstId(root, "pad_token_id"),
            RopeScalingType = scalingType,
            RopeScalingFactor = scaling.ValueKind == JsonValueKind.Object ? Float(scaling, "factor") ?? 1 : 1,
            RopeLowFreqFactor = scaling.ValueKind == JsonValueKind.Object ? Float(scaling, "low_freq_factor") ?? 1 : 1,
            RopeHighFreqFactor = scaling.ValueKind == JsonValueKind.Object ? Float(scaling, "high_freq_factor") ?? 4 : 4,
            RopeOriginalContext = scaling.ValueKind == JsonValueKind.Object ? OptInt(scaling, "original_max_position_embeddings") ?? 8192 : 8192,
            NameOrPath = Str(root, "_name_or_path"),
        };
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name, string path) =>
        OptInt(e, name) ?? throw new WrenException($"{path}: lacks \"{name}\"");

    private static int? OptInt(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static float? Float(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? (float)v.GetDouble() : null;

    /// <summary>An id, or the first of a list of ids (transformers allows several EOS ids).</summary>
    private static int? FirstId(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement v)) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetInt32();
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0 && v[0].ValueKind == JsonValueKind.Number) return v[0].GetInt32();
        return null;
    }
}
