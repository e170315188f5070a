using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Models.Architectures;

/// <summary>Microsoft's Phi models, described apart from the Llama family's catalogue (<see cref="ModelArchitectures.All"/> lists them).</summary>
public static class PhiArchitectures
{
    /// <summary>
    /// <c>Phi3ForCausalLM</c>: the Llama layer with q/k/v in one <c>qkv_proj</c> and gate/up in one <c>gate_up_proj</c>
    /// (llama.cpp: <c>attn_qkv</c>, and the fused gate/up as <c>ffn_up</c>), no biases, half-split RoPE in GGUF. Phi-3.5 and
    /// Phi-4-mini add what the config says: longrope scaling, partial rotary (<see cref="LlamaConfig.PartialRotaryFactor"/>), tying.
    /// </summary>
    public static ArchitectureDescription Phi3 { get; } = new()
    {
        Architecture = ModelArchitecture.Phi3,
        HfArchitecture = "Phi3ForCausalLM",
        ModelType = "phi3",
        GgufArchitecture = "phi3",
        Tensors =
        [
            new(TensorRole.Embedding, "model.embed_tokens.weight", "token_embd.weight"),
            new(TensorRole.AttentionNorm, "model.layers.{0}.input_layernorm.weight", "blk.{0}.attn_norm.weight"),
            new(TensorRole.QueryKeyValue, "model.layers.{0}.self_attn.qkv_proj.weight", "blk.{0}.attn_qkv.weight"),
            new(TensorRole.Output, "model.layers.{0}.self_attn.o_proj.weight", "blk.{0}.attn_output.weight"),
            new(TensorRole.FeedForwardNorm, "model.layers.{0}.post_attention_layernorm.weight", "blk.{0}.ffn_norm.weight"),
            new(TensorRole.GateUp, "model.layers.{0}.mlp.gate_up_proj.weight", "blk.{0}.ffn_up.weight"),
            new(TensorRole.Down, "model.layers.{0}.mlp.down_proj.weight", "blk.{0}.ffn_down.weight"),
            new(TensorRole.FinalNorm, "model.norm.weight", "output_norm.weight"),
            new(TensorRole.LmHead, "lm_head.weight", "output.weight"),
        ],
    };
}
