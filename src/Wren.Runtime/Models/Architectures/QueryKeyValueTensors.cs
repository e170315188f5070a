namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// The q/k/v projections that several descriptions share. Kept apart from <see cref="ModelArchitectures"/> because its
/// registry reads the other descriptions' static properties: a description reading back into it would make the two
/// static constructors wait on each other and leave one description null.
/// </summary>
internal static class QueryKeyValueTensors
{
    /// <summary>q/k/v projections, each with an optional bias, as Llama, Qwen2 and Phi-2 all name them.</summary>
    internal static readonly TensorDescription[] WithBiases =
    [
        new(TensorRole.Query, "model.layers.{0}.self_attn.q_proj.weight", "blk.{0}.attn_q.weight"),
        new(TensorRole.QueryBias, "model.layers.{0}.self_attn.q_proj.bias", "blk.{0}.attn_q.bias"),
        new(TensorRole.Key, "model.layers.{0}.self_attn.k_proj.weight", "blk.{0}.attn_k.weight"),
        new(TensorRole.KeyBias, "model.layers.{0}.self_attn.k_proj.bias", "blk.{0}.attn_k.bias"),
        new(TensorRole.Value, "model.layers.{0}.self_attn.v_proj.weight", "blk.{0}.attn_v.weight"),
        new(TensorRole.ValueBias, "model.layers.{0}.self_attn.v_proj.bias", "blk.{0}.attn_v.bias"),
    ];
}
