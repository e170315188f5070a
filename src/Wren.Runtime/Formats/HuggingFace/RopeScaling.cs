namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>
/// RoPE frequency scaling from <c>rope_scaling</c> (transformers 4) or <c>rope_parameters</c> (transformers 5).
/// </summary>
/// <param name="Type">"default", "linear", "llama3", "longrope" (Phi-3's, also spelled "su": see <see cref="ShortFactor"/>),
/// or "factors" (per-dimension divisors from a GGUF <c>rope_freqs</c> tensor, see <see cref="FrequencyFactors"/>).</param>
/// <param name="Factor">Context extension factor (linear and llama3).</param>
/// <param name="LowFreqFactor">llama3: wavelengths above original/low are divided by the factor.</param>
/// <param name="HighFreqFactor">llama3: wavelengths below original/high are kept.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3 and longrope: the context length the model was trained at.</param>
public sealed record RopeScaling(string Type, double Factor = 1, double LowFreqFactor = 1, double HighFreqFactor = 4, int OriginalMaxPositionEmbeddings = 8192)
{
    public static RopeScaling None { get; } = new("default");

    /// <summary>
    /// Type "factors": inverse frequency i is divided by FrequencyFactors[i] ([D/2] values), as llama.cpp applies
    /// the <c>rope_freqs</c> tensor that convert_hf_to_gguf writes for llama3 scaling.
    /// </summary>
    public float[]? FrequencyFactors { get; init; }

    /// <summary>
    /// longrope: inverse frequency i is divided by ShortFactor[i] ([rotary dim / 2] values) while the context fits in
    /// <see cref="OriginalMaxPositionEmbeddings"/>, by <see cref="LongFactor"/>[i] beyond it.
    /// </summary>
    public float[]? ShortFactor { get; init; }

    /// <summary>longrope: the divisors for contexts longer than <see cref="OriginalMaxPositionEmbeddings"/>.</summary>
    public float[]? LongFactor { get; init; }

    /// <summary>longrope: what cos and sin are multiplied by, when config.json (or a GGUF file) gives it; else see <see cref="LongRopeAttentionFactor"/>.</summary>
    public double? AttentionFactor { get; init; }

    /// <summary>
    /// longrope's attention factor: the given one, else transformers' and convert_hf_to_gguf's
    /// sqrt(1 + ln(s) / ln(original)) with s = max_position_embeddings / original (1 when s ≤ 1).
    /// </summary>
    public double LongRopeAttentionFactor(int maxPositionEmbeddings)
    {
        if (AttentionFactor is { } given) return given;
        double scale = (double)maxPositionEmbeddings / OriginalMaxPositionEmbeddings;
        return scale <= 1 ? 1 : Math.Sqrt(1 + Math.Log(scale) / Math.Log(OriginalMaxPositionEmbeddings));
    }
}
