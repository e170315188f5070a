namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>
/// RoPE frequency scaling from <c>rope_scaling</c> (transformers 4) or <c>rope_parameters</c> (transformers 5).
/// </summary>
/// <param name="Type">"default", "linear", "llama3", or "factors" (per-dimension divisors from a GGUF
/// <c>rope_freqs</c> tensor, see <see cref="FrequencyFactors"/>).</param>
/// <param name="Factor">Context extension factor (linear and llama3).</param>
/// <param name="LowFreqFactor">llama3: wavelengths above original/low are divided by the factor.</param>
/// <param name="HighFreqFactor">llama3: wavelengths below original/high are kept.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3: the context length the model was trained at.</param>
public sealed record RopeScaling(string Type, double Factor = 1, double LowFreqFactor = 1, double HighFreqFactor = 4, int OriginalMaxPositionEmbeddings = 8192)
{
    public static RopeScaling None { get; } = new("default");

    /// <summary>
    /// Type "factors": inverse frequency i is divided by FrequencyFactors[i] ([D/2] values), as llama.cpp applies
    /// the <c>rope_freqs</c> tensor that convert_hf_to_gguf writes for llama3 scaling.
    /// </summary>
    public float[]? FrequencyFactors { get; init; }
}
