namespace Wren.Runtime.Models;

/// <summary>The weights of one decoder layer (pre-norm attention, then pre-norm SwiGLU feed-forward).</summary>
public sealed record LlamaLayerWeights
{
    /// <summary><c>input_layernorm</c> [C].</summary>
    public required float[] InputNorm { get; init; }

    /// <summary>The input LayerNorm's bias [C] (Phi-2), or null for an RMSNorm.</summary>
    public float[]? InputNormBias { get; init; }

    /// <summary>q_proj [H*D, C].</summary>
    public required LinearLayer Query { get; init; }

    /// <summary>k_proj [Hkv*D, C].</summary>
    public required LinearLayer Key { get; init; }

    /// <summary>v_proj [Hkv*D, C].</summary>
    public required LinearLayer Value { get; init; }

    /// <summary>q_norm [D]: RMSNorm weight applied to each query head before RoPE (Qwen3), or null.</summary>
    public float[]? QueryNorm { get; init; }

    /// <summary>k_norm [D]: RMSNorm weight applied to each key head before RoPE (Qwen3), or null.</summary>
    public float[]? KeyNorm { get; init; }

    /// <summary>o_proj [C, H*D].</summary>
    public required LinearLayer Output { get; init; }

    /// <summary>Gemma's <c>post_attention_layernorm</c> [C]: the norm of the attention output before the residual add, or null.</summary>
    public float[]? AttentionOutputNorm { get; init; }

    /// <summary>
    /// The norm before the feed-forward [C]: Llama's <c>post_attention_layernorm</c>, Gemma's <c>pre_feedforward_layernorm</c>;
    /// null where the feed-forward reads the input norm's output (Phi-2's parallel layer).
    /// </summary>
    public float[]? PostAttentionNorm { get; init; }

    /// <summary>gate_proj [I, C], or null for a feed-forward without a gate (Phi-2's fc1 is <see cref="Up"/>).</summary>
    public LinearLayer? Gate { get; init; }

    /// <summary>up_proj [I, C].</summary>
    public required LinearLayer Up { get; init; }

    /// <summary>down_proj [C, I].</summary>
    public required LinearLayer Down { get; init; }

    /// <summary>Gemma's <c>post_feedforward_layernorm</c> [C]: the norm of the feed-forward output before the residual add, or null.</summary>
    public float[]? FeedForwardOutputNorm { get; init; }
}
