using Wren.Runtime;

namespace Wren.Eval.Planning;

/// <summary>
/// The size and shape of a decoder-only transformer: N parameters, L layers, C hidden width, V
/// vocabulary, T training sequence length, H attention heads of which Hkv carry keys and values.
/// Use <see cref="Create"/> so that whatever the user left out is derived and marked as assumed.
/// </summary>
public sealed record ModelShape
{
    /// <summary>N: all parameters, embeddings included (the count Chinchilla's 6ND uses).</summary>
    public required double Parameters { get; init; }

    /// <summary>L: transformer blocks.</summary>
    public required int Layers { get; init; }

    /// <summary>C: hidden width (d_model).</summary>
    public required int Hidden { get; init; }

    /// <summary>V: vocabulary size.</summary>
    public required int Vocabulary { get; init; }

    /// <summary>T: training sequence length in tokens.</summary>
    public required int SequenceLength { get; init; }

    /// <summary>H: attention heads (query heads).</summary>
    public required int Heads { get; init; }

    /// <summary>Hkv: key/value heads (H for multi-head attention, fewer with grouped-query attention).</summary>
    public required int KeyValueHeads { get; init; }

    /// <summary>True when L and C were given; false when they were guessed from N (then attention FLOPs are not added).</summary>
    public required bool ShapeKnown { get; init; }

    /// <summary>C·Hkv/H: the width of the keys (and of the values) cached per layer per token.</summary>
    public double KeyValueWidth => (double)Hidden * KeyValueHeads / Heads;

    /// <summary>Parameters in the token embedding (V·C); kept in 16 bits by QLoRA and llama.cpp alike.</summary>
    public double EmbeddingParameters => (double)Vocabulary * Hidden;

    /// <summary>
    /// Builds a shape from what the user gave. With L and C but no N, N = 12·L·C² + V·C (GPT-2's
    /// blocks: 4C² attention + 8C² MLP per layer, tied embeddings; GPT-2 124M gives 123.5M + 0.8M
    /// positions). With N but no L and C, C is taken as the width at which C = 128·L and N = 12·L·C²
    /// (the aspect of GPT-3 175B and LLaMA 7B), rounded to a multiple of 64 — only memory for
    /// activations depends on it, and the summary says it was assumed.
    /// </summary>
    public static ModelShape Create(
        double? parameters, int? layers, int? hidden, int vocabulary = 32_000, int sequenceLength = 2048,
        int? heads = null, int? keyValueHeads = null)
    {
        if (vocabulary <= 0)
        {
            throw new WrenException($"--vocab must be positive, got {vocabulary}");
        }
        if (sequenceLength <= 0)
        {
            throw new WrenException($"--seq must be positive, got {sequenceLength}");
        }
        if (layers is <= 0 || hidden is <= 0)
        {
            throw new WrenException("--layers and --hidden must be positive");
        }
        if ((layers is null) != (hidden is null))
        {
            throw new WrenException("give --layers and --hidden together (or neither, and --params alone)");
        }
        bool known = layers is not null;
        int l;
        int c;
        double n;
        if (known)
        {
            l = layers!.Value;
            c = hidden!.Value;
            n = parameters ?? 12.0 * l * c * c + (double)vocabulary * c;
        }
        else
        {
            if (parameters is null)
            {
                throw new WrenException("give the model size: --params N, or --layers L --hidden C");
            }
            n = parameters.Value;
            double width = Math.Cbrt(n * 128 / 12);
            c = Math.Max(64, (int)Math.Round(width / 64) * 64);
            l = Math.Max(1, (int)Math.Round(c / 128.0));
        }
        if (n <= 0)
        {
            throw new WrenException($"--params must be positive, got {n}");
        }
        // 64-wide heads are the common choice (GPT-2, GPT-3, LLaMA use 64-128).
        int h = heads ?? Math.Max(1, c / 64);
        int hkv = keyValueHeads ?? h;
        if (h <= 0 || hkv <= 0 || hkv > h || h % hkv != 0)
        {
            throw new WrenException($"--kv-heads ({hkv}) must divide --heads ({h})");
        }
        return new ModelShape
        {
            Parameters = n, Layers = l, Hidden = c, Vocabulary = vocabulary, SequenceLength = sequenceLength,
            Heads = h, KeyValueHeads = hkv, ShapeKnown = known,
        };
    }
}
