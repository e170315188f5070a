using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// Google's Gemma 2 and Gemma 3 (text) decoders: (1 + w) RMSNorm, embeddings scaled by √C, a GeGLU feed-forward
/// (tanh GELU), and "sandwich" norms: each block's input is normed (input, pre-feed-forward) and so is its output before
/// the residual add (post-attention, post-feed-forward). Layers alternate between a sliding window and global attention
/// (<see cref="LlamaConfig.SlidingLayers"/>); the attention scale comes from <c>query_pre_attn_scalar</c>.
/// </summary>
public static class GemmaArchitectures
{
    /// <summary>The Gemma 2 layer as transformers names it and convert_hf_to_gguf.py maps it.</summary>
    private static readonly TensorDescription[] Gemma2Layout =
    [
        new(TensorRole.Embedding, "model.embed_tokens.weight", "token_embd.weight"),
        new(TensorRole.AttentionNorm, "model.layers.{0}.input_layernorm.weight", "blk.{0}.attn_norm.weight"),
        new(TensorRole.Query, "model.layers.{0}.self_attn.q_proj.weight", "blk.{0}.attn_q.weight"),
        new(TensorRole.Key, "model.layers.{0}.self_attn.k_proj.weight", "blk.{0}.attn_k.weight"),
        new(TensorRole.Value, "model.layers.{0}.self_attn.v_proj.weight", "blk.{0}.attn_v.weight"),
        new(TensorRole.Output, "model.layers.{0}.self_attn.o_proj.weight", "blk.{0}.attn_output.weight"),
        new(TensorRole.AttentionOutputNorm, "model.layers.{0}.post_attention_layernorm.weight", "blk.{0}.post_attention_norm.weight"),
        new(TensorRole.FeedForwardNorm, "model.layers.{0}.pre_feedforward_layernorm.weight", "blk.{0}.ffn_norm.weight"),
        new(TensorRole.Gate, "model.layers.{0}.mlp.gate_proj.weight", "blk.{0}.ffn_gate.weight"),
        new(TensorRole.Up, "model.layers.{0}.mlp.up_proj.weight", "blk.{0}.ffn_up.weight"),
        new(TensorRole.Down, "model.layers.{0}.mlp.down_proj.weight", "blk.{0}.ffn_down.weight"),
        new(TensorRole.FeedForwardOutputNorm, "model.layers.{0}.post_feedforward_layernorm.weight", "blk.{0}.post_ffw_norm.weight"),
        new(TensorRole.FinalNorm, "model.norm.weight", "output_norm.weight"),
        new(TensorRole.LmHead, "lm_head.weight", "output.weight"),
    ];

    /// <summary>
    /// <c>Gemma2ForCausalLM</c>: attention logits capped by <c>attn_logit_softcapping</c>, output logits by
    /// <c>final_logit_softcapping</c>; even layers slide, odd ones are global (llama.cpp's swa pattern 2).
    /// </summary>
    public static ArchitectureDescription Gemma2 { get; } = new()
    {
        Architecture = ModelArchitecture.Gemma2,
        HfArchitecture = "Gemma2ForCausalLM",
        ModelType = "gemma2",
        GgufArchitecture = "gemma2",
        Activation = ActivationKind.GeluTanh,
        NormAddsOne = true,
        ScalesEmbedding = true,
        Tensors = Gemma2Layout,
    };

    /// <summary>
    /// <c>Gemma3ForCausalLM</c> (<c>gemma3_text</c>, and the language model of <c>Gemma3ForConditionalGeneration</c>): Gemma 2
    /// without soft-capping, plus (1 + w) RMSNorms over each query and key head; five sliding layers per global one, the
    /// sliding ones rotating with <c>rope_local_base_freq</c>.
    /// </summary>
    public static ArchitectureDescription Gemma3 { get; } = Gemma2 with
    {
        Architecture = ModelArchitecture.Gemma3,
        HfArchitecture = "Gemma3ForCausalLM",
        ModelType = "gemma3_text",
        GgufArchitecture = "gemma3",
        // The q/k norms follow o_proj (Gemma2Layout[..6] is the embedding, the input norm and q/k/v/o).
        Tensors = [.. Gemma2Layout[..6],
            new(TensorRole.QueryNorm, "model.layers.{0}.self_attn.q_norm.weight", "blk.{0}.attn_q_norm.weight"),
            new(TensorRole.KeyNorm, "model.layers.{0}.self_attn.k_norm.weight", "blk.{0}.attn_k_norm.weight"),
            .. Gemma2Layout[6..]],
    };

    /// <summary>llama.cpp's sliding layers for a GGUF file (its swa pattern n: layer i slides unless i % n == n - 1).</summary>
    public static bool[] SlidingEvery(int layers, int pattern) => Enumerable.Range(0, layers).Select(i => i % pattern < pattern - 1).ToArray();

    /// <summary>
    /// The <c>query_pre_attn_scalar</c> llama.cpp assumes for a Gemma GGUF file (it stores none): C / H for the 27B models
    /// (46 layers for Gemma 2, 62 for Gemma 3), D otherwise, as gemma_pytorch's configs have it.
    /// </summary>
    public static int LlamaCppQueryPreAttnScalar(ModelArchitecture architecture, int layers, int hidden, int heads, int headDim) =>
        (architecture == ModelArchitecture.Gemma2 && layers == 46) || (architecture == ModelArchitecture.Gemma3 && layers == 62) ? hidden / heads : headDim;
}
