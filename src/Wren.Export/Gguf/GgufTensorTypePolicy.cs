using Wren.Runtime.Quantization;

namespace Wren.Export.Gguf;

/// <summary>
/// Picks each tensor's storage type the way llama.cpp's tools do: convert_hf_to_gguf.py for F32,
/// F16, BF16 and Q8_0 (1-D tensors and biases stay F32; Q8_0 rows that are not a multiple of 32 fall
/// back to F16), llama-quantize's llama_tensor_get_type for Q4_0, Q4_1, Q5_1 and Q4_K_M (output matrix in Q6_K,
/// Q4_K_M's extra bits for attn_v and ffn_down in the layers use_more_bits picks, and its fallbacks
/// Q4_K → Q5_0 and Q6_K → Q8_0 for rows that are not a multiple of 256, then F16).
/// </summary>
internal static class GgufTensorTypePolicy
{
    /// <summary>llama.cpp's general.file_type (enum llama_ftype) for an export type.</summary>
    public static uint FileType(GgufExportType type) => type switch
    {
        GgufExportType.F32 => 0,
        GgufExportType.F16 => 1,
        GgufExportType.Q4_0 => 2,
        GgufExportType.Q4_1 => 3,
        GgufExportType.Q5_1 => 9,
        GgufExportType.Q8_0 => 7,
        GgufExportType.Q4_K => 15, // LLAMA_FTYPE_MOSTLY_Q4_K_M
        GgufExportType.BF16 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <param name="name">The GGUF tensor name.</param>
    /// <param name="dimensions">ggml order (row length first).</param>
    /// <param name="layerCount">Blocks in the model (for use_more_bits).</param>
    /// <param name="isOutputMatrix">The output projection: output.weight, or token_embd.weight when the embeddings are tied.</param>
    /// <param name="fallback">Why the tensor did not get the requested type, or null.</param>
    public static GgmlType Choose(GgufExportType type, string name, IReadOnlyList<long> dimensions, int layerCount, bool isOutputMatrix, out string? fallback)
    {
        fallback = null;
        if (dimensions.Count <= 1 || !name.EndsWith(".weight", StringComparison.Ordinal) || name.EndsWith("_norm.weight", StringComparison.Ordinal) || name == "rope_freqs.weight")
            return GgmlType.F32;
        GgmlType wanted = type switch
        {
            GgufExportType.F32 => GgmlType.F32,
            GgufExportType.F16 => GgmlType.F16,
            GgufExportType.BF16 => GgmlType.BF16,
            GgufExportType.Q8_0 => GgmlType.Q8_0,
            GgufExportType.Q4_0 => isOutputMatrix ? GgmlType.Q6_K : GgmlType.Q4_0,
            GgufExportType.Q4_K => isOutputMatrix ? GgmlType.Q6_K : Q4KMixType(name, layerCount),
            GgufExportType.Q4_1 => isOutputMatrix ? GgmlType.Q6_K : GgmlType.Q4_1,
            GgufExportType.Q5_1 => isOutputMatrix ? GgmlType.Q6_K : GgmlType.Q5_1,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        long rowLength = dimensions[0];
        GgmlType chosen = wanted;
        if (rowLength % GgmlTypeTraits.BlockSize(chosen) != 0)
        {
            chosen = chosen switch
            {
                GgmlType.Q4_K => GgmlType.Q5_0,
                GgmlType.Q6_K => GgmlType.Q8_0,
                _ => GgmlType.F16,
            };
            if (rowLength % GgmlTypeTraits.BlockSize(chosen) != 0) chosen = GgmlType.F16;
            fallback = $"{name}: rows of {rowLength} are not a multiple of the {GgmlTypeTraits.Name(wanted)} block ({GgmlTypeTraits.BlockSize(wanted)}), stored as {GgmlTypeTraits.Name(chosen)}";
        }
        return chosen;
    }

    private static GgmlType Q4KMixType(string name, int layerCount)
    {
        int layer = LayerOf(name);
        if (layer >= 0 && (name.EndsWith(".attn_v.weight", StringComparison.Ordinal) || name.EndsWith(".ffn_down.weight", StringComparison.Ordinal))
            && UseMoreBits(layer, layerCount))
            return GgmlType.Q6_K;
        return GgmlType.Q4_K;
    }

    /// <summary>llama.cpp's use_more_bits: the first and last eighth of the layers, and every third one between.</summary>
    internal static bool UseMoreBits(int i, int n) => i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;

    private static int LayerOf(string name)
    {
        if (!name.StartsWith("blk.", StringComparison.Ordinal)) return -1;
        int end = name.IndexOf('.', 4);
        return end > 4 && int.TryParse(name.AsSpan(4, end - 4), out int layer) ? layer : -1;
    }
}
