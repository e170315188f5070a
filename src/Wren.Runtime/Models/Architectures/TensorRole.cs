namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// What a weight tensor does in the decoder, whatever a format calls it. The roles name the computation
/// (the norm before attention, the one before the feed-forward, ...), not a checkpoint's spelling:
/// Llama's <c>post_attention_layernorm</c> is the <see cref="FeedForwardNorm"/>, Gemma 2's is the
/// <see cref="AttentionOutputNorm"/>.
/// </summary>
public enum TensorRole
{
    /// <summary>Token embedding [V, C].</summary>
    Embedding,

    /// <summary>Norm before attention [C].</summary>
    AttentionNorm,

    /// <summary>Bias of the LayerNorm before attention [C] (Phi-2's input_layernorm.bias).</summary>
    AttentionNormBias,

    /// <summary>Query projection [H*D, C].</summary>
    Query,

    /// <summary>Query bias [H*D].</summary>
    QueryBias,

    /// <summary>Key projection [Hkv*D, C].</summary>
    Key,

    /// <summary>Key bias [Hkv*D].</summary>
    KeyBias,

    /// <summary>Value projection [Hkv*D, C].</summary>
    Value,

    /// <summary>Value bias [Hkv*D].</summary>
    ValueBias,

    /// <summary>Query, key and value projections in one matrix [(H + 2 Hkv) D, C], in that row order (Phi-3's qkv_proj).</summary>
    QueryKeyValue,

    /// <summary>RMSNorm over each query head before RoPE [D] (Qwen3, Gemma 3).</summary>
    QueryNorm,

    /// <summary>RMSNorm over each key head before RoPE [D] (Qwen3, Gemma 3).</summary>
    KeyNorm,

    /// <summary>Attention output projection [C, H*D].</summary>
    Output,

    /// <summary>Attention output bias [C].</summary>
    OutputBias,

    /// <summary>Norm of the attention block's output before the residual add [C] (Gemma 2/3).</summary>
    AttentionOutputNorm,

    /// <summary>Norm before the feed-forward block [C].</summary>
    FeedForwardNorm,

    /// <summary>Feed-forward gate projection [F, C].</summary>
    Gate,

    /// <summary>Gate bias [F].</summary>
    GateBias,

    /// <summary>Gate and up projections in one matrix [2 F, C], gate rows first (Phi-3's gate_up_proj).</summary>
    GateUp,

    /// <summary>Feed-forward up projection [F, C].</summary>
    Up,

    /// <summary>Up bias [F].</summary>
    UpBias,

    /// <summary>Feed-forward down projection [C, F].</summary>
    Down,

    /// <summary>Down bias [C].</summary>
    DownBias,

    /// <summary>Norm of the feed-forward block's output before the residual add [C] (Gemma 2/3).</summary>
    FeedForwardOutputNorm,

    /// <summary>Norm after the last layer [C].</summary>
    FinalNorm,

    /// <summary>Bias of the LayerNorm after the last layer [C] (Phi-2's final_layernorm.bias).</summary>
    FinalNormBias,

    /// <summary>Output head [V, C] (absent when tied to the embedding).</summary>
    LmHead,

    /// <summary>Output head bias [V] (Phi-2's lm_head.bias).</summary>
    LmHeadBias,
}
