using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Models.Architectures;

/// <summary>Microsoft's Phi models, described apart from the Llama family's catalogue (<see cref="ModelArchitectures.All"/> lists them).</summary>
public static class PhiArchitectures
{
    /// <summary>
    /// <c>PhiForCausalLM</c> (<c>phi</c>; llama.cpp's <c>phi2</c>): one LayerNorm with a bias feeds attention and the
    /// feed-forward in parallel, both added to the residual; q/k/v/dense and fc1/fc2 carry biases; the feed-forward is
    /// fc2(gelu_tanh(fc1(x))) without a gate; partial rotary (<c>partial_rotary_factor</c>, 0.4 in Phi-2) with half-split
    /// RoPE in GGUF too; a final LayerNorm with a bias and an untied head with a bias. q/k/v stay separate in GGUF, as
    /// convert_hf_to_gguf writes them (llama.cpp also reads a fused attn_qkv, which Wren does not).
    /// </summary>
    public static ArchitectureDescription Phi2 { get; } = new()
    {
        Architecture = ModelArchitecture.Phi2,
        HfArchitecture = "PhiForCausalLM",
        ModelType = "phi",
        GgufArchitecture = "phi2",
        Norm = NormKind.LayerNorm,
        Activation = ActivationKind.GeluTanh,
        ParallelAttentionAndFeedForward = true,
        Tensors =
        [
            new(TensorRole.Embedding, "model.embed_tokens.weight", "token_embd.weight"),
            new(TensorRole.AttentionNorm, "model.layers.{0}.input_layernorm.weight", "blk.{0}.attn_norm.weight"),
            new(TensorRole.AttentionNormBias, "model.layers.{0}.input_layernorm.bias", "blk.{0}.attn_norm.bias"),
            ..QueryKeyValueTensors.WithBiases,
            new(TensorRole.Output, "model.layers.{0}.self_attn.dense.weight", "blk.{0}.attn_output.weight"),
            new(TensorRole.OutputBias, "model.layers.{0}.self_attn.dense.bias", "blk.{0}.attn_output.bias"),
            new(TensorRole.Up, "model.layers.{0}.mlp.fc1.weight", "blk.{0}.ffn_up.weight"),
            new(TensorRole.UpBias, "model.layers.{0}.mlp.fc1.bias", "blk.{0}.ffn_up.bias"),
            new(TensorRole.Down, "model.layers.{0}.mlp.fc2.weight", "blk.{0}.ffn_down.weight"),
            new(TensorRole.DownBias, "model.layers.{0}.mlp.fc2.bias", "blk.{0}.ffn_down.bias"),
            new(TensorRole.FinalNorm, "model.final_layernorm.weight", "output_norm.weight"),
            new(TensorRole.FinalNormBias, "model.final_layernorm.bias", "output_norm.bias"),
            new(TensorRole.LmHead, "lm_head.weight", "output.weight"),
            new(TensorRole.LmHeadBias, "lm_head.bias", "output.bias"),
        ],
    };

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
