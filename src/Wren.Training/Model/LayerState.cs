using Wren.Training.Layers;

namespace Wren.Training.Model;

/// <summary>One decoder layer: its projections and norm weights, and the activations the backward pass needs (all [M, ...], M = B T).</summary>
internal sealed class LayerState
{
    public required LinearSlot Q, K, V, O, Gate, Up, Down;
    public required TensorSlice Norm1, Norm1Grad, Norm2, Norm2Grad;

    // Qwen3's per-head q/k RMSNorm ([D] weights), with the projections before it and each head's rstd; null without.
    public TensorSlice? QueryNorm, QueryNormGrad, KeyNorm, KeyNormGrad;
    public TensorSlice? QueryRaw;             // [M, H D] before the norm
    public TensorSlice? KeyRaw;               // [M, Hkv D] before the norm
    public TensorSlice? QueryRstd;            // [M H]
    public TensorSlice? KeyRstd;              // [M Hkv]

    // Gemma's sandwich norms of the attention and feed-forward outputs ([C] multipliers), with the projections before them and their rstd; null without.
    public TensorSlice? AttentionOutputNorm, AttentionOutputNormGrad, FeedForwardOutputNorm, FeedForwardOutputNormGrad;
    public TensorSlice? AttentionProjection;  // [M, C] o_proj's output before its norm
    public TensorSlice? AttentionProjectionRstd; // [M]
    public TensorSlice? FeedForwardProjection; // [M, C] down_proj's output before its norm
    public TensorSlice? FeedForwardProjectionRstd; // [M]

    public required TensorSlice ResidualIn;   // [M, C]
    public required TensorSlice Normed1;      // [M, C]
    public required TensorSlice Rstd1;        // [M]
    public required TensorSlice Query;        // [M, H D] after RoPE
    public required TensorSlice Key;          // [M, Hkv D] after RoPE
    public required TensorSlice Value;        // [M, Hkv D]
    public required TensorSlice Probabilities; // [B, H, T, T]
    public required TensorSlice AttentionOut; // [M, H D]
    public required TensorSlice ResidualMid;  // [M, C]
    public required TensorSlice Normed2;      // [M, C]
    public required TensorSlice Rstd2;        // [M]
    public required TensorSlice GateOut;      // [M, F]
    public required TensorSlice UpOut;        // [M, F]
    public required TensorSlice Activated;    // [M, F]

    public IEnumerable<LinearSlot> Linears => [Q, K, V, O, Gate, Up, Down];
}
