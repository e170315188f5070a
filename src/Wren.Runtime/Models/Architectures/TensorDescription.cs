using System.Globalization;
using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// One weight tensor of an architecture: its role and its names in Hugging Face checkpoints and in GGUF
/// files. Layer tensors carry <c>{0}</c> where the layer index goes (<c>model.layers.{0}.self_attn.q_proj.weight</c>,
/// <c>blk.{0}.attn_q.weight</c>). The shape and whether a config has the tensor at all follow from the role.
/// </summary>
public sealed record TensorDescription(TensorRole Role, string HfName, string GgufName)
{
    /// <summary>Whether each layer has its own copy.</summary>
    public bool PerLayer => HfName.Contains("{0}", StringComparison.Ordinal);

    /// <summary>The Hugging Face name in layer <paramref name="layer"/> (ignored for model-wide tensors).</summary>
    public string HfNameOf(int layer) => PerLayer ? string.Format(CultureInfo.InvariantCulture, HfName, layer) : HfName;

    /// <summary>The GGUF name in layer <paramref name="layer"/> (ignored for model-wide tensors).</summary>
    public string GgufNameOf(int layer) => PerLayer ? string.Format(CultureInfo.InvariantCulture, GgufName, layer) : GgufName;

    /// <summary>
    /// The module path of a linear layer's weight (<c>model.layers.3.self_attn.q_proj</c>), the name PEFT adapters
    /// and biases hang off.
    /// </summary>
    public string ModuleOf(int layer)
    {
        string name = HfNameOf(layer);
        return name.EndsWith(".weight", StringComparison.Ordinal) ? name[..^".weight".Length] : name;
    }

    /// <summary>Whether a matrix (a linear layer's weight, the embedding or the head) rather than a norm or bias vector.</summary>
    public bool IsMatrix => Role is TensorRole.Embedding or TensorRole.LmHead or TensorRole.Query or TensorRole.Key or TensorRole.Value
        or TensorRole.Output or TensorRole.Gate or TensorRole.Up or TensorRole.Down or TensorRole.QueryKeyValue or TensorRole.GateUp;

    /// <summary>Whether several projections stored as one matrix (split by rows when bound).</summary>
    public bool IsFused => Role is TensorRole.QueryKeyValue or TensorRole.GateUp;

    /// <summary>Whether a linear layer's weight inside a decoder layer (what LoRA adapts).</summary>
    public bool IsLayerLinear => IsMatrix && PerLayer;

    /// <summary>Whether a norm weight.</summary>
    public bool IsNorm => Role is TensorRole.AttentionNorm or TensorRole.FeedForwardNorm or TensorRole.AttentionOutputNorm
        or TensorRole.FeedForwardOutputNorm or TensorRole.FinalNorm or TensorRole.QueryNorm or TensorRole.KeyNorm;

    /// <summary>The bias role of a linear layer's weight role, or null.</summary>
    public static TensorRole? BiasOf(TensorRole weight) => weight switch
    {
        TensorRole.Query => TensorRole.QueryBias,
        TensorRole.Key => TensorRole.KeyBias,
        TensorRole.Value => TensorRole.ValueBias,
        TensorRole.Output => TensorRole.OutputBias,
        TensorRole.Gate => TensorRole.GateBias,
        TensorRole.Up => TensorRole.UpBias,
        TensorRole.Down => TensorRole.DownBias,
        _ => null,
    };

    /// <summary>Shape in PyTorch order ([out, in] for matrices) for a model of this config.</summary>
    public int[] ShapeFor(LlamaConfig config)
    {
        int c = config.HiddenSize, q = config.NumAttentionHeads * config.HeadDim, kv = config.NumKeyValueHeads * config.HeadDim;
        int f = config.IntermediateSize, v = config.VocabSize;
        return Role switch
        {
            TensorRole.Embedding or TensorRole.LmHead => [v, c],
            TensorRole.Query => [q, c],
            TensorRole.QueryKeyValue => [q + 2 * kv, c],
            TensorRole.GateUp => [2 * f, c],
            TensorRole.Key or TensorRole.Value => [kv, c],
            TensorRole.Output => [c, q],
            TensorRole.Gate or TensorRole.Up => [f, c],
            TensorRole.Down => [c, f],
            TensorRole.QueryBias => [q],
            TensorRole.KeyBias or TensorRole.ValueBias => [kv],
            TensorRole.GateBias or TensorRole.UpBias => [f],
            TensorRole.LmHeadBias => [v],
            TensorRole.QueryNorm or TensorRole.KeyNorm => [config.HeadDim],
            _ => [c],
        };
    }

    /// <summary>
    /// Whether a model of this config has the tensor (projection biases and an untied head depend on the config; the
    /// LayerNorm and head biases come with the architectures that list them).
    /// </summary>
    public bool IsPresentIn(LlamaConfig config) => Role switch
    {
        TensorRole.QueryBias or TensorRole.KeyBias or TensorRole.ValueBias => config.AttentionBias || config.QkvBias,
        TensorRole.OutputBias => config.AttentionBias,
        TensorRole.GateBias or TensorRole.UpBias or TensorRole.DownBias => config.MlpBias,
        TensorRole.LmHead => !config.TieWordEmbeddings,
        _ => true,
    };
}
