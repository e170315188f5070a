using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>All weights of a Llama-family model.</summary>
public sealed record LlamaWeights
{
    /// <summary><c>model.embed_tokens.weight</c> [V, C].</summary>
    public required WeightMatrix Embedding { get; init; }

    public required IReadOnlyList<LlamaLayerWeights> Layers { get; init; }

    /// <summary><c>model.norm.weight</c> [C].</summary>
    public required float[] FinalNorm { get; init; }

    /// <summary>The final LayerNorm's bias [C] (Phi-2), or null.</summary>
    public float[]? FinalNormBias { get; init; }

    /// <summary><c>lm_head.weight</c> [V, C], or the embedding when tied.</summary>
    public required WeightMatrix LmHead { get; init; }

    /// <summary><c>lm_head.bias</c> [V] (Phi-2), or null.</summary>
    public float[]? LmHeadBias { get; init; }

    /// <summary>Bytes of weights one decoded token reads (every matrix once, the embedding row aside).</summary>
    public long DecodeBytesPerToken
    {
        get
        {
            long total = LmHead.ByteLength;
            foreach (var l in Layers)
            {
                total += l.Query.Weight.ByteLength + l.Key.Weight.ByteLength + l.Value.Weight.ByteLength + l.Output.Weight.ByteLength
                    + (l.Gate?.Weight.ByteLength ?? 0) + l.Up.Weight.ByteLength + l.Down.Weight.ByteLength;
            }

            return total;
        }
    }
}
