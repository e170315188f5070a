using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Models.Architectures;

/// <summary>The architectures Wren runs, each described once.</summary>
public static class ModelArchitectures
{
    /// <summary>
    /// The Llama layer as transformers names it and convert_hf_to_gguf.py maps it: pre-norm attention (q/k/v/o, each
    /// with an optional bias) and a pre-norm SwiGLU feed-forward.
    /// </summary>
    private static readonly TensorDescription[] LlamaLayout =
    [
        new(TensorRole.Embedding, "model.embed_tokens.weight", "token_embd.weight"),
        new(TensorRole.AttentionNorm, "model.layers.{0}.input_layernorm.weight", "blk.{0}.attn_norm.weight"),
        ..QueryKeyValueTensors.WithBiases,
        new(TensorRole.Output, "model.layers.{0}.self_attn.o_proj.weight", "blk.{0}.attn_output.weight"),
        new(TensorRole.OutputBias, "model.layers.{0}.self_attn.o_proj.bias", "blk.{0}.attn_output.bias"),
        new(TensorRole.FeedForwardNorm, "model.layers.{0}.post_attention_layernorm.weight", "blk.{0}.ffn_norm.weight"),
        new(TensorRole.Gate, "model.layers.{0}.mlp.gate_proj.weight", "blk.{0}.ffn_gate.weight"),
        new(TensorRole.GateBias, "model.layers.{0}.mlp.gate_proj.bias", "blk.{0}.ffn_gate.bias"),
        new(TensorRole.Up, "model.layers.{0}.mlp.up_proj.weight", "blk.{0}.ffn_up.weight"),
        new(TensorRole.UpBias, "model.layers.{0}.mlp.up_proj.bias", "blk.{0}.ffn_up.bias"),
        new(TensorRole.Down, "model.layers.{0}.mlp.down_proj.weight", "blk.{0}.ffn_down.weight"),
        new(TensorRole.DownBias, "model.layers.{0}.mlp.down_proj.bias", "blk.{0}.ffn_down.bias"),
        new(TensorRole.FinalNorm, "model.norm.weight", "output_norm.weight"),
        new(TensorRole.LmHead, "lm_head.weight", "output.weight"),
    ];

    /// <summary><c>LlamaForCausalLM</c> (Llama 2/3, SmolLM, TinyLlama).</summary>
    public static ArchitectureDescription Llama { get; } = new()
    {
        Architecture = ModelArchitecture.Llama,
        HfArchitecture = "LlamaForCausalLM",
        ModelType = "llama",
        GgufArchitecture = "llama",
        GgufPermutesQueryKey = true,
        Tensors = LlamaLayout,
    };

    /// <summary><c>MistralForCausalLM</c>: the Llama layout with an optional sliding window; llama.cpp loads it as <c>llama</c>.</summary>
    public static ArchitectureDescription Mistral { get; } = Llama with
    {
        Architecture = ModelArchitecture.Mistral,
        HfArchitecture = "MistralForCausalLM",
        ModelType = "mistral",
    };

    /// <summary><c>Qwen2ForCausalLM</c>: the Llama layout with q/k/v biases and NeoX (half-split) RoPE in GGUF too.</summary>
    public static ArchitectureDescription Qwen2 { get; } = Llama with
    {
        Architecture = ModelArchitecture.Qwen2,
        HfArchitecture = "Qwen2ForCausalLM",
        ModelType = "qwen2",
        GgufArchitecture = "qwen2",
        GgufPermutesQueryKey = false,
    };

    /// <summary>
    /// <c>Qwen3ForCausalLM</c>: the Llama layout plus <c>q_norm</c>/<c>k_norm</c> (RMSNorm over each head's D values,
    /// before RoPE); biases only with <c>attention_bias</c>; half-split RoPE in GGUF as in Qwen2.
    /// </summary>
    public static ArchitectureDescription Qwen3 { get; } = Qwen2 with
    {
        Architecture = ModelArchitecture.Qwen3,
        HfArchitecture = "Qwen3ForCausalLM",
        ModelType = "qwen3",
        GgufArchitecture = "qwen3",
        Tensors = [.. LlamaLayout.Where(t => t.Role != TensorRole.FinalNorm && t.Role != TensorRole.LmHead),
            new(TensorRole.QueryNorm, "model.layers.{0}.self_attn.q_norm.weight", "blk.{0}.attn_q_norm.weight"),
            new(TensorRole.KeyNorm, "model.layers.{0}.self_attn.k_norm.weight", "blk.{0}.attn_k_norm.weight"),
            .. LlamaLayout.Where(t => t.Role == TensorRole.FinalNorm || t.Role == TensorRole.LmHead)],
    };

    /// <summary>
    /// <c>SmolLM3ForCausalLM</c>: the Llama layout; layers without RoPE (NoPE) are the config's (<see cref="LlamaConfig.RopeLayers"/>).
    /// llama.cpp's <c>smollm3</c> converter permutes q/k as for Llama and its loader fixes NoPE on every fourth layer.
    /// </summary>
    public static ArchitectureDescription SmolLM3 { get; } = Llama with
    {
        Architecture = ModelArchitecture.SmolLM3,
        HfArchitecture = "SmolLM3ForCausalLM",
        ModelType = "smollm3",
        GgufArchitecture = "smollm3",
    };

    /// <summary>Every architecture, in the order they are listed to users.</summary>
    public static IReadOnlyList<ArchitectureDescription> All { get; } = [Llama, Qwen2, Mistral, Qwen3, SmolLM3, GemmaArchitectures.Gemma2, GemmaArchitectures.Gemma3, PhiArchitectures.Phi2, PhiArchitectures.Phi3];

    /// <summary>llama.cpp's NoPE pattern for <c>smollm3</c> GGUF files (n_no_rope_layer_step = 4): layer i uses RoPE unless (i + 1) % 4 == 0.</summary>
    public static bool[] EveryFourthLayerWithoutRope(int layers) => Enumerable.Range(0, layers).Select(i => (i + 1) % 4 != 0).ToArray();

    public static ArchitectureDescription Of(ModelArchitecture architecture)
    {
        foreach (var a in All)
        {
            if (a.Architecture == architecture) return a;
        }

        throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "no description for this architecture");
    }

    /// <summary>The architecture of a config.json's <c>architectures</c> entry, or null.</summary>
    public static ArchitectureDescription? FromHfArchitecture(string name) => All.FirstOrDefault(a => a.HfArchitecture == name);

    /// <summary>The architecture of a config.json's <c>model_type</c>, or null.</summary>
    public static ArchitectureDescription? FromModelType(string modelType) => All.FirstOrDefault(a => a.ModelType == modelType);

    /// <summary>The architecture llama.cpp loads a GGUF file's <c>general.architecture</c> as (Mistral files say <c>llama</c>), or null.</summary>
    public static ArchitectureDescription? FromGgufArchitecture(string name) => All.FirstOrDefault(a => a.GgufArchitecture == name);

    /// <summary>The Hugging Face spellings Wren accepts, for error messages.</summary>
    public static string SupportedHfNames => string.Join(", ", All.Select(a => a.HfArchitecture));

    /// <summary>The GGUF spellings Wren accepts, for error messages.</summary>
    public static string SupportedGgufNames => string.Join(", ", All.Select(a => a.GgufArchitecture).Distinct().Select(n => $"'{n}'"));
}
