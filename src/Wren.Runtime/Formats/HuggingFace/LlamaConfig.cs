namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>
/// The hyperparameters of a Llama-family model, as read from a Hugging Face <c>config.json</c>.
/// Dimension letters used in kernels: C = <see cref="HiddenSize"/>, H = <see cref="NumAttentionHeads"/>,
/// Hkv = <see cref="NumKeyValueHeads"/>, D = <see cref="HeadDim"/>, V = <see cref="VocabSize"/>, L = <see cref="NumHiddenLayers"/>.
/// </summary>
public sealed record LlamaConfig
{
    public required ModelArchitecture Architecture { get; init; }

    /// <summary>C.</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Width of the SwiGLU feed-forward layer.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>L.</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary>H.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary>Hkv (grouped-query attention when smaller than H).</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary>D (defaults to C / H).</summary>
    public required int HeadDim { get; init; }

    /// <summary>V.</summary>
    public required int VocabSize { get; init; }

    /// <summary>The norms' epsilon: <c>rms_norm_eps</c>, or <c>layer_norm_eps</c> for a LayerNorm architecture (Phi-2).</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    public double RopeTheta { get; init; } = 10000;

    public RopeScaling RopeScaling { get; init; } = RopeScaling.None;

    /// <summary>The share of each head RoPE rotates (<c>partial_rotary_factor</c>: Phi-4-mini 0.75); the rest passes unrotated.</summary>
    public double PartialRotaryFactor { get; init; } = 1;

    /// <summary>How many of a head's D values RoPE rotates, the first ones (transformers' int(head_dim × partial_rotary_factor)).</summary>
    public int RotaryDim => (int)(HeadDim * PartialRotaryFactor + 1e-9); // the epsilon: 80/96 read back from a GGUF file times 96 is 79.99…

    public int MaxPositionEmbeddings { get; init; } = 2048;

    public bool TieWordEmbeddings { get; init; }

    /// <summary>Biases on q/k/v/o projections (Llama's <c>attention_bias</c>).</summary>
    public bool AttentionBias { get; init; }

    /// <summary>Biases on q/k/v only (Qwen2).</summary>
    public bool QkvBias { get; init; }

    /// <summary>Biases on gate/up/down projections (Llama's <c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }

    /// <summary>Mistral/Qwen2 sliding attention window in tokens, or null for full attention.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>
    /// Per layer, whether it applies RoPE (SmolLM3's <c>no_rope_layers</c>: 0 marks a NoPE layer); null = every layer does.
    /// </summary>
    public IReadOnlyList<bool>? RopeLayers { get; init; }

    /// <summary>Whether layer <paramref name="layer"/> rotates its queries and keys.</summary>
    public bool UsesRope(int layer) => RopeLayers is null || RopeLayers[layer];

    /// <summary>
    /// Per layer, whether <see cref="SlidingWindow"/> applies (Gemma's alternating sliding and global layers, from
    /// <c>layer_types</c> or <c>sliding_window_pattern</c>); null = every layer slides when a window is set.
    /// </summary>
    public IReadOnlyList<bool>? SlidingLayers { get; init; }

    /// <summary>The RoPE base of sliding layers (Gemma 3's <c>rope_local_base_freq</c>, without scaling); null = <see cref="RopeTheta"/> everywhere.</summary>
    public double? LocalRopeTheta { get; init; }

    /// <summary>Gemma's <c>query_pre_attn_scalar</c>: attention scores are q·k / √(this); null = / √D.</summary>
    public double? QueryPreAttnScalar { get; init; }

    /// <summary>Gemma 2's <c>attn_logit_softcapping</c>: scores become cap · tanh(score / cap) before the softmax; null = none.</summary>
    public double? AttnLogitSoftcapping { get; init; }

    /// <summary>Gemma 2's <c>final_logit_softcapping</c>: logits become cap · tanh(logit / cap); null = none.</summary>
    public double? FinalLogitSoftcapping { get; init; }

    /// <summary>The attention window of layer <paramref name="layer"/> in tokens, or null for full attention.</summary>
    public int? WindowOf(int layer) => SlidingWindow is { } w && (SlidingLayers is null || SlidingLayers[layer]) ? w : null;

    /// <summary>Whether layer <paramref name="layer"/> rotates with the local base (<see cref="LocalRopeTheta"/>).</summary>
    public bool UsesLocalRope(int layer) => LocalRopeTheta is not null && WindowOf(layer) is not null;

    /// <summary>The factor q·k is multiplied by: 1/√<see cref="QueryPreAttnScalar"/>, else 1/√D.</summary>
    public float AttentionScale => QueryPreAttnScalar is { } s ? 1f / MathF.Sqrt((float)s) : 1f / MathF.Sqrt(HeadDim);

    public int? BosTokenId { get; init; }

    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>The <c>architectures</c> spelling for this config.</summary>
    public string ArchitectureName => Models.Architectures.ModelArchitectures.Of(Architecture).HfArchitecture;

    /// <summary>Number of parameters (embedding counted once when tied).</summary>
    public long ParameterCount
    {
        get
        {
            long total = 0;
            foreach (var t in Models.Architectures.ModelArchitectures.Of(Architecture).TensorsOf(this))
            {
                long n = 1;
                foreach (int d in t.Shape) n *= d;
                total += n;
            }

            return total;
        }
    }

    /// <summary>Largest width accepted (hidden, feed-forward, head and attention widths): 64 times today's largest models.</summary>
    public const int MaxWidth = 1 << 20;

    /// <summary>Most layers, heads and KV heads accepted.</summary>
    public const int MaxCount = 1 << 14;

    /// <summary>Largest vocabulary accepted (64 times today's largest).</summary>
    public const int MaxVocabulary = 1 << 24;

    /// <summary>Longest context accepted (sessions hold at most 4,096 positions anyway).</summary>
    public const int MaxPositions = 1 << 26;

    /// <summary>
    /// Checks that the dimensions are consistent and within sane bounds (so that a corrupt or hostile file is
    /// an error naming the field, not an allocation of gigabytes or an overflow); throws naming the field.
    /// </summary>
    public void Validate(string source)
    {
        static void InRange(string source, string field, long value, long max)
        {
            if (value <= 0) throw new WrenException($"{source}: '{field}' must be positive, got {value}");
            if (value > max) throw new WrenException($"{source}: '{field}' is {value}, more than the {max} Wren accepts (a corrupt or hostile file?)");
        }

        InRange(source, "hidden_size", HiddenSize, MaxWidth);
        InRange(source, "intermediate_size", IntermediateSize, MaxWidth);
        InRange(source, "num_hidden_layers", NumHiddenLayers, MaxCount);
        InRange(source, "num_attention_heads", NumAttentionHeads, MaxCount);
        InRange(source, "num_key_value_heads", NumKeyValueHeads, MaxCount);
        InRange(source, "head_dim", HeadDim, MaxWidth);
        InRange(source, "vocab_size", VocabSize, MaxVocabulary);
        InRange(source, "max_position_embeddings", MaxPositionEmbeddings, MaxPositions);
        InRange(source, "num_attention_heads x head_dim", (long)NumAttentionHeads * HeadDim, MaxWidth);
        if (NumAttentionHeads % NumKeyValueHeads != 0)
            throw new WrenException($"{source}: num_attention_heads ({NumAttentionHeads}) must be a multiple of num_key_value_heads ({NumKeyValueHeads})");
        if (HeadDim % 2 != 0) throw new WrenException($"{source}: head_dim ({HeadDim}) must be even for rotary embeddings");
        if (!(PartialRotaryFactor > 0 && PartialRotaryFactor <= 1) || RotaryDim < 2 || RotaryDim % 2 != 0)
            throw new WrenException($"{source}: 'partial_rotary_factor' {PartialRotaryFactor} gives {RotaryDim} rotated values of a {HeadDim}-wide head; RoPE needs an even number from 2 to head_dim");
        if (RopeScaling.Type == "longrope")
        {
            int half = RotaryDim / 2;
            if (RopeScaling.ShortFactor?.Length != half || RopeScaling.LongFactor?.Length != half)
                throw new WrenException($"{source}: longrope needs short_factor and long_factor of {half} values each (rotary dim / 2), got {RopeScaling.ShortFactor?.Length ?? 0} and {RopeScaling.LongFactor?.Length ?? 0}");
            if (RopeScaling.OriginalMaxPositionEmbeddings <= 0) throw new WrenException($"{source}: longrope needs a positive original_max_position_embeddings");
        }
        if (!(RmsNormEps > 0) || double.IsInfinity(RmsNormEps)) throw new WrenException($"{source}: 'rms_norm_eps' must be positive and finite, got {RmsNormEps}");
        if (!(RopeTheta > 0) || double.IsInfinity(RopeTheta)) throw new WrenException($"{source}: 'rope_theta' must be positive and finite, got {RopeTheta}");
        if (RopeLayers is not null && RopeLayers.Count != NumHiddenLayers)
            throw new WrenException($"{source}: 'no_rope_layers' has {RopeLayers.Count} entries for {NumHiddenLayers} layers");
        if (SlidingLayers is not null && SlidingLayers.Count != NumHiddenLayers)
            throw new WrenException($"{source}: 'layer_types' has {SlidingLayers.Count} entries for {NumHiddenLayers} layers");
        if (QueryPreAttnScalar is { } qs && !(qs > 0 && double.IsFinite(qs))) throw new WrenException($"{source}: 'query_pre_attn_scalar' must be positive and finite, got {qs}");
        if (AttnLogitSoftcapping is { } ac && !(ac > 0 && double.IsFinite(ac))) throw new WrenException($"{source}: 'attn_logit_softcapping' must be positive and finite, got {ac}");
        if (FinalLogitSoftcapping is { } fc && !(fc > 0 && double.IsFinite(fc))) throw new WrenException($"{source}: 'final_logit_softcapping' must be positive and finite, got {fc}");
        if (LocalRopeTheta is { } lt && !(lt > 0 && double.IsFinite(lt))) throw new WrenException($"{source}: 'rope_local_base_freq' must be positive and finite, got {lt}");
        if (Architecture == ModelArchitecture.Phi2 && (!AttentionBias || !MlpBias || TieWordEmbeddings))
            throw new WrenException($"{source}: a Phi-2 model has biases on every projection and its own head (attention and MLP biases on, embeddings untied)");
        if (SlidingWindow is <= 0) throw new WrenException($"{source}: 'sliding_window' must be positive, got {SlidingWindow}");
    }
}
