using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models.Architectures;

namespace Wren.Export.Gguf;

/// <summary>
/// What a GGUF file of <c>gemma2</c> or <c>gemma3</c> can say. llama.cpp's loader fixes several of Gemma's settings
/// instead of reading them (the swa pattern, Gemma 3's local RoPE base, the attention scale from the model's size), so
/// a config that differs would export to a file llama.cpp runs differently: refused here, naming the field.
/// </summary>
internal static class GemmaGgufChecks
{
    public static void Check(LlamaConfig config, string source)
    {
        if (config.Architecture is not (ModelArchitecture.Gemma2 or ModelArchitecture.Gemma3)) return;
        bool gemma2 = config.Architecture == ModelArchitecture.Gemma2;
        int pattern = gemma2 ? 2 : 6;
        if (config.SlidingLayers is { } sliding && !sliding.SequenceEqual(GemmaArchitectures.SlidingEvery(sliding.Count, pattern)))
            throw new WrenException($"{source}: layer_types is not llama.cpp's {config.Architecture} pattern (one global layer in {pattern}, the last of each group), which GGUF files cannot express");
        if (!gemma2 && config.LocalRopeTheta is { } local && local != 10000)
            throw new WrenException($"{source}: rope_local_base_freq is {local}; llama.cpp's gemma3 fixes it at 10000");
        int expected = GemmaArchitectures.LlamaCppQueryPreAttnScalar(config.Architecture, config.NumHiddenLayers, config.HiddenSize, config.NumAttentionHeads, config.HeadDim);
        if (config.QueryPreAttnScalar is { } scalar && scalar != expected)
            throw new WrenException($"{source}: query_pre_attn_scalar is {scalar}; llama.cpp derives {expected} for this model's size and GGUF files cannot say otherwise");
        if (!gemma2 && (config.AttnLogitSoftcapping is not null || config.FinalLogitSoftcapping is not null))
            throw new WrenException($"{source}: Gemma 3 with logit soft-capping; llama.cpp's gemma3 applies none with sliding layers");
        if (config.SlidingWindow is null) throw new WrenException($"{source}: Gemma without sliding_window; llama.cpp's {(gemma2 ? "gemma2" : "gemma3")} needs one");
    }

    /// <summary>1 + w: convert_hf_to_gguf stores Gemma's norm weights as the multiplier.</summary>
    public static float[] PlusOne(float[] w)
    {
        for (int i = 0; i < w.Length; i++) w[i] += 1f;
        return w;
    }
}
