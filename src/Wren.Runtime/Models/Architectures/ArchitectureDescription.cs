using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// One decoder architecture, written once: its names in each format, its tensors (with their Hugging Face
/// and GGUF names), how it normalises, activates and rotates. Loading a Hugging Face folder or a GGUF file,
/// importing a checkpoint, exporting to GGUF, the training model's parameter list and LoRA targets are all
/// derived from it (see <see cref="ModelArchitectures"/> for the catalogue). Sizes (widths, heads, biases,
/// tying, rope scaling, sliding window) are the config's (<see cref="LlamaConfig"/>).
/// </summary>
public sealed record ArchitectureDescription
{
    public required ModelArchitecture Architecture { get; init; }

    /// <summary>The <c>architectures</c> entry of config.json (<c>LlamaForCausalLM</c>).</summary>
    public required string HfArchitecture { get; init; }

    /// <summary>The <c>model_type</c> of config.json (<c>llama</c>).</summary>
    public required string ModelType { get; init; }

    /// <summary><c>general.architecture</c> of the GGUF files llama.cpp loads for it, and the prefix of their metadata keys.</summary>
    public required string GgufArchitecture { get; init; }

    public NormKind Norm { get; init; } = NormKind.RmsNorm;

    public ActivationKind Activation { get; init; } = ActivationKind.Silu;

    /// <summary>
    /// Whether llama.cpp's converter permutes q/k rows for this architecture (its GGUF files use interleaved RoPE pairs,
    /// Wren the Hugging Face half split), so GGUF import undoes and export applies the permutation.
    /// </summary>
    public bool GgufPermutesQueryKey { get; init; }

    /// <summary>
    /// Whether norms multiply by (1 + w) rather than w (Gemma). Checkpoints store w; llama.cpp's converter writes 1 + w to
    /// GGUF. Wren's runtime weights hold the multiplier (1 + w), so loading a checkpoint adds 1 and exporting one to GGUF does too.
    /// </summary>
    public bool NormAddsOne { get; init; }

    /// <summary>Whether the embeddings are multiplied by √C before the first layer (Gemma).</summary>
    public bool ScalesEmbedding { get; init; }

    /// <summary>
    /// Whether attention and the feed-forward both read the one norm of the layer's input and add their outputs to the
    /// residual together (Phi-2: x + attn(ln(x)) + mlp(ln(x))), rather than one after the other with a norm each.
    /// </summary>
    public bool ParallelAttentionAndFeedForward { get; init; }

    /// <summary>Whether the feed-forward has a gate projection (SwiGLU, GeGLU) rather than up, activation, down (Phi-2).</summary>
    public bool GatedFeedForward => Find(TensorRole.Gate) is not null || Find(TensorRole.GateUp) is not null;

    /// <summary>Every tensor the architecture can have, in checkpoint order (embedding, one layer's, then the final ones).</summary>
    public required IReadOnlyList<TensorDescription> Tensors { get; init; }

    /// <summary>The description of a role, or null when the architecture has no such tensor.</summary>
    public TensorDescription? Find(TensorRole role)
    {
        foreach (var t in Tensors)
        {
            if (t.Role == role) return t;
        }

        return null;
    }

    /// <summary>The description of a role the architecture must have.</summary>
    public TensorDescription Get(TensorRole role) => Find(role) ?? throw new ArgumentException($"{HfArchitecture} has no {role} tensor", nameof(role));

    /// <summary>
    /// Every tensor a model of <paramref name="config"/> has, in the order transformers saves them: the embedding,
    /// each layer's tensors, then the final norm and the head.
    /// </summary>
    public IEnumerable<ModelTensor> TensorsOf(LlamaConfig config)
    {
        foreach (var t in Tensors)
        {
            if (!t.PerLayer && t.Role == TensorRole.Embedding && t.IsPresentIn(config)) yield return new ModelTensor(t, -1, t.HfName, t.GgufName, t.ShapeFor(config));
        }

        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            foreach (var t in Tensors)
            {
                if (t.PerLayer && t.IsPresentIn(config)) yield return new ModelTensor(t, layer, t.HfNameOf(layer), t.GgufNameOf(layer), t.ShapeFor(config));
            }
        }

        foreach (var t in Tensors)
        {
            if (!t.PerLayer && t.Role != TensorRole.Embedding && t.IsPresentIn(config)) yield return new ModelTensor(t, -1, t.HfName, t.GgufName, t.ShapeFor(config));
        }
    }

    /// <summary>The tensor a Hugging Face name stands for in a model of this config, or null (inv_freq buffers, foreign names).</summary>
    public ModelTensor? FindByHfName(LlamaConfig config, string hfName)
    {
        foreach (var t in TensorsOf(config))
        {
            if (t.HfName == hfName) return t;
        }

        return null;
    }

    /// <summary>The tensor a GGUF name stands for in a model of this config, or null.</summary>
    public ModelTensor? FindByGgufName(LlamaConfig config, string ggufName)
    {
        foreach (var t in TensorsOf(config))
        {
            if (t.GgufName == ggufName) return t;
        }

        return null;
    }

    /// <summary>Buffers a Hugging Face checkpoint may hold that are no weights (rotary <c>inv_freq</c>): skipped, not errors.</summary>
    public static bool IsIgnorableHfTensor(string hfName) => hfName.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);
}
