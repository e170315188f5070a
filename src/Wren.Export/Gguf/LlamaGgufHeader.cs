using Wren.Runtime.Formats.Gguf;

namespace Wren.Export.Gguf;

/// <summary>
/// The hyperparameters of a Llama-family model as llama.cpp reads them from GGUF metadata
/// (<c>{arch}.block_count</c>, <c>{arch}.attention.head_count</c>, ...).
/// </summary>
internal sealed record LlamaGgufHeader
{
    /// <summary>The GGUF architecture (<see cref="Wren.Runtime.Models.Architectures.ArchitectureDescription.GgufArchitecture"/>): "llama", "qwen2", "qwen3", "smollm3", "gemma2", "gemma3", "phi2", "phi3".</summary>
    public required string Architecture { get; init; }
    public required string Name { get; init; }
    public required int ContextLength { get; init; }
    public required int EmbeddingLength { get; init; }
    public required int BlockCount { get; init; }
    public required int FeedForwardLength { get; init; }
    public required int HeadCount { get; init; }
    public required int KvHeadCount { get; init; }
    public required int HeadDim { get; init; }
    public required float RmsNormEps { get; init; }

    /// <summary>Whether the norms are LayerNorms (phi2), whose epsilon llama.cpp reads as <c>attention.layer_norm_epsilon</c>.</summary>
    public bool LayerNorm { get; init; }
    public required float RopeFreqBase { get; init; }
    public required int VocabSize { get; init; }
    public required uint FileType { get; init; }
    public string? RopeScalingType { get; init; }
    public float RopeScalingFactor { get; init; } = 1;

    /// <summary>Sliding attention window in tokens (<c>{arch}.attention.sliding_window</c>), written for architectures whose llama.cpp loader reads it (Gemma; phi3: 0 for none); null = not written.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>Gemma 2's attention and final logit soft-capping, or null.</summary>
    public float? AttnLogitSoftcapping { get; init; }

    public float? FinalLogitSoftcapping { get; init; }

    /// <summary>How many of a head's values RoPE rotates (less than the head with partial rotary); null = the head dim.</summary>
    public int? RopeDimensionCount { get; init; }

    /// <summary>longrope: the context the short factors are for (<c>rope.scaling.original_context_length</c>).</summary>
    public int? RopeOriginalContext { get; init; }

    /// <summary>longrope: what cos and sin are multiplied by (<c>rope.scaling.attn_factor</c>).</summary>
    public float? RopeAttentionFactor { get; init; }

    public void AddTo(GgufWriter w)
    {
        string a = Architecture;
        w.Add("general.architecture", GgufValue.Of(a));
        w.Add("general.type", GgufValue.Of("model"));
        w.Add("general.name", GgufValue.Of(Name));
        w.Add($"{a}.vocab_size", GgufValue.Of((uint)VocabSize));
        w.Add($"{a}.context_length", GgufValue.Of((uint)ContextLength));
        w.Add($"{a}.embedding_length", GgufValue.Of((uint)EmbeddingLength));
        w.Add($"{a}.block_count", GgufValue.Of((uint)BlockCount));
        w.Add($"{a}.feed_forward_length", GgufValue.Of((uint)FeedForwardLength));
        w.Add($"{a}.attention.head_count", GgufValue.Of((uint)HeadCount));
        w.Add($"{a}.attention.head_count_kv", GgufValue.Of((uint)KvHeadCount));
        w.Add($"{a}.attention.key_length", GgufValue.Of((uint)HeadDim));
        w.Add($"{a}.attention.value_length", GgufValue.Of((uint)HeadDim));
        w.Add(LayerNorm ? $"{a}.attention.layer_norm_epsilon" : $"{a}.attention.layer_norm_rms_epsilon", GgufValue.Of(RmsNormEps));
        w.Add($"{a}.rope.freq_base", GgufValue.Of(RopeFreqBase));
        w.Add($"{a}.rope.dimension_count", GgufValue.Of((uint)(RopeDimensionCount ?? HeadDim)));
        if (RopeOriginalContext is { } original) w.Add($"{a}.rope.scaling.original_context_length", GgufValue.Of((uint)original));
        if (RopeAttentionFactor is { } attention) w.Add($"{a}.rope.scaling.attn_factor", GgufValue.Of(attention));
        if (RopeScalingType == "linear")
        {
            w.Add($"{a}.rope.scaling.type", GgufValue.Of("linear"));
            w.Add($"{a}.rope.scaling.factor", GgufValue.Of(RopeScalingFactor));
        }
        if (SlidingWindow is { } window) w.Add($"{a}.attention.sliding_window", GgufValue.Of((uint)window));
        if (AttnLogitSoftcapping is { } attnCap) w.Add($"{a}.attn_logit_softcapping", GgufValue.Of(attnCap));
        if (FinalLogitSoftcapping is { } finalCap) w.Add($"{a}.final_logit_softcapping", GgufValue.Of(finalCap));
        w.Add("general.file_type", GgufValue.Of(FileType));
        w.Add("general.quantization_version", GgufValue.Of(2u));
    }
}
