namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>The Llama-family architectures Wren runs (the <c>architectures</c> entry of config.json); each is described in <see cref="Models.Architectures.ModelArchitectures"/>.</summary>
public enum ModelArchitecture
{
    /// <summary><c>LlamaForCausalLM</c>.</summary>
    Llama,

    /// <summary><c>Qwen2ForCausalLM</c>: Llama with q/k/v biases.</summary>
    Qwen2,

    /// <summary><c>MistralForCausalLM</c>: Llama with an optional sliding attention window.</summary>
    Mistral,

    /// <summary><c>Qwen3ForCausalLM</c>: Llama with an RMSNorm over each query and key head before RoPE, no q/k/v biases.</summary>
    Qwen3,

    /// <summary><c>SmolLM3ForCausalLM</c>: Llama whose every fourth layer (or those <c>no_rope_layers</c> marks 0) attends without RoPE.</summary>
    SmolLM3,

    /// <summary><c>Gemma2ForCausalLM</c>: (1 + w) RMSNorm, embeddings scaled by √C, GeGLU, sandwich norms, attention and final logit soft-capping, every other layer sliding.</summary>
    Gemma2,

    /// <summary><c>Gemma3ForCausalLM</c> (model_type gemma3_text): Gemma 2 with q/k norms, no soft-capping, five sliding layers per global one and a local RoPE base.</summary>
    Gemma3,

    /// <summary><c>Phi3ForCausalLM</c> (Phi-3, Phi-3.5 mini): Llama with fused qkv_proj and gate_up_proj.</summary>
    Phi3,

    /// <summary>
    /// <c>PhiForCausalLM</c> (Phi-2, model_type phi): parallel attention and feed-forward from one LayerNorm with a bias,
    /// a GELU feed-forward without a gate, biases throughout, partial rotary.
    /// </summary>
    Phi2,
}
