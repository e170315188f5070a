using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// Builds a model's <see cref="LlamaWeights"/> from any <see cref="IWeightSource"/> by walking the tensors its
/// <see cref="ArchitectureDescription"/> lists for the config, and maps roles back to the weights (for checks,
/// merges and error messages). The one place that knows which field of the weights holds which role.
/// </summary>
internal static class WeightBinder
{
    public static LlamaWeights Bind(LlamaConfig config, IWeightSource source)
    {
        var arch = ModelArchitectures.Of(config.Architecture);
        var layers = new Dictionary<TensorRole, object>[config.NumHiddenLayers];
        for (int i = 0; i < layers.Length; i++) layers[i] = [];
        var model = new Dictionary<TensorRole, object>();
        foreach (var t in arch.TensorsOf(config))
        {
            object value = t.Description.IsMatrix ? source.Matrix(t) : source.Vector(t);
            if (arch.NormAddsOne && t.Description.IsNorm && !source.NormsIncludeOffset) value = PlusOne((float[])value);
            (t.Layer >= 0 ? layers[t.Layer] : model)[t.Role] = value;
        }

        source.Finish();
        var embedding = (WeightMatrix)model[TensorRole.Embedding];
        return new LlamaWeights
        {
            Embedding = embedding,
            Layers = layers.Select(l => Layer(config, l)).ToArray(),
            FinalNorm = (float[])model[TensorRole.FinalNorm],
            FinalNormBias = model.TryGetValue(TensorRole.FinalNormBias, out var finalBias) ? (float[])finalBias : null,
            LmHead = model.TryGetValue(TensorRole.LmHead, out var head) ? (WeightMatrix)head : embedding,
            LmHeadBias = model.TryGetValue(TensorRole.LmHeadBias, out var headBias) ? (float[])headBias : null,
        };
    }

    /// <summary>1 + w: a checkpoint's Gemma norm weight as the multiplier the runtime applies (a copy: the source may hand out its own array).</summary>
    private static float[] PlusOne(float[] w)
    {
        var result = new float[w.Length];
        for (int i = 0; i < w.Length; i++) result[i] = 1f + w[i];
        return result;
    }

    private static LlamaLayerWeights Layer(LlamaConfig config, Dictionary<TensorRole, object> tensors)
    {
        // Fused projections are views of their rows: q, k, v of qkv_proj; gate, up of gate_up_proj.
        foreach (var fused in new[] { TensorRole.QueryKeyValue, TensorRole.GateUp })
        {
            if (!tensors.Remove(fused, out var value)) continue;
            var matrix = (WeightMatrix)value;
            var parts = PartsOf(config, fused);
            for (int p = 0; p < parts.Length; p++)
            {
                int end = p + 1 < parts.Length ? parts[p + 1].FirstRow : matrix.Rows;
                tensors[parts[p].Role] = matrix.SliceRows(parts[p].FirstRow, end - parts[p].FirstRow);
            }
        }

        float[]? Vector(TensorRole role) => tensors.TryGetValue(role, out var v) ? (float[])v : null;
        LinearLayer Linear(TensorRole role) => new((WeightMatrix)tensors[role], Vector(TensorDescription.BiasOf(role)!.Value));
        return new LlamaLayerWeights
        {
            InputNorm = Vector(TensorRole.AttentionNorm)!,
            InputNormBias = Vector(TensorRole.AttentionNormBias),
            Query = Linear(TensorRole.Query),
            Key = Linear(TensorRole.Key),
            Value = Linear(TensorRole.Value),
            QueryNorm = Vector(TensorRole.QueryNorm),
            KeyNorm = Vector(TensorRole.KeyNorm),
            Output = Linear(TensorRole.Output),
            AttentionOutputNorm = Vector(TensorRole.AttentionOutputNorm),
            PostAttentionNorm = Vector(TensorRole.FeedForwardNorm),
            Gate = tensors.ContainsKey(TensorRole.Gate) ? Linear(TensorRole.Gate) : null,
            Up = Linear(TensorRole.Up),
            Down = Linear(TensorRole.Down),
            FeedForwardOutputNorm = Vector(TensorRole.FeedForwardOutputNorm),
        };
    }

    /// <summary>
    /// The weights' tensor for a role: a <see cref="WeightMatrix"/>, a float[] vector, the WeightMatrix[] parts of a fused
    /// projection, or null when absent.
    /// </summary>
    public static object? Get(LlamaWeights weights, TensorRole role, int layer)
    {
        switch (role)
        {
            case TensorRole.Embedding: return weights.Embedding;
            case TensorRole.FinalNorm: return weights.FinalNorm;
            case TensorRole.FinalNormBias: return weights.FinalNormBias;
            case TensorRole.LmHead: return weights.LmHead;
            case TensorRole.LmHeadBias: return weights.LmHeadBias;
        }

        var l = weights.Layers[layer];
        return role switch
        {
            TensorRole.QueryKeyValue => new[] { l.Query.Weight, l.Key.Weight, l.Value.Weight },
            TensorRole.GateUp => new[] { l.Gate!.Weight, l.Up.Weight },
            TensorRole.AttentionNorm => l.InputNorm,
            TensorRole.AttentionNormBias => l.InputNormBias,
            TensorRole.FeedForwardNorm => l.PostAttentionNorm,
            TensorRole.AttentionOutputNorm => l.AttentionOutputNorm,
            TensorRole.FeedForwardOutputNorm => l.FeedForwardOutputNorm,
            TensorRole.QueryNorm => l.QueryNorm,
            TensorRole.KeyNorm => l.KeyNorm,
            TensorRole.QueryBias or TensorRole.KeyBias or TensorRole.ValueBias or TensorRole.OutputBias
                or TensorRole.UpBias or TensorRole.DownBias => LinearOf(l, WeightRoleOf(role)).Bias,
            TensorRole.Gate => l.Gate?.Weight,
            TensorRole.GateBias => l.Gate?.Bias,
            _ => LinearOf(l, role).Weight,
        };
    }

    /// <summary>
    /// The projections a layer-linear tensor holds and the first row of each in it: itself alone, or the parts of a
    /// fused one (qkv_proj: q, k, v; gate_up_proj: gate, up).
    /// </summary>
    public static (TensorRole Role, int FirstRow)[] PartsOf(LlamaConfig config, TensorRole role)
    {
        int q = config.NumAttentionHeads * config.HeadDim, kv = config.NumKeyValueHeads * config.HeadDim;
        return role switch
        {
            TensorRole.QueryKeyValue => [(TensorRole.Query, 0), (TensorRole.Key, q), (TensorRole.Value, q + kv)],
            TensorRole.GateUp => [(TensorRole.Gate, 0), (TensorRole.Up, config.IntermediateSize)],
            _ => [(role, 0)],
        };
    }

    /// <summary>A layer's linear layer of a weight role (Query ... Down).</summary>
    public static LinearLayer LinearOf(LlamaLayerWeights layer, TensorRole role) => role switch
    {
        TensorRole.Query => layer.Query,
        TensorRole.Key => layer.Key,
        TensorRole.Value => layer.Value,
        TensorRole.Output => layer.Output,
        TensorRole.Gate => layer.Gate ?? throw new ArgumentException("this layer's feed-forward has no gate", nameof(role)),
        TensorRole.Up => layer.Up,
        TensorRole.Down => layer.Down,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a linear layer's weight"),
    };

    /// <summary>The layer with one linear layer replaced.</summary>
    public static LlamaLayerWeights WithLinear(LlamaLayerWeights layer, TensorRole role, LinearLayer linear) => role switch
    {
        TensorRole.Query => layer with { Query = linear },
        TensorRole.Key => layer with { Key = linear },
        TensorRole.Value => layer with { Value = linear },
        TensorRole.Output => layer with { Output = linear },
        TensorRole.Gate => layer with { Gate = linear },
        TensorRole.Up => layer with { Up = linear },
        TensorRole.Down => layer with { Down = linear },
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a linear layer's weight"),
    };

    private static TensorRole WeightRoleOf(TensorRole bias) => bias switch
    {
        TensorRole.QueryBias => TensorRole.Query,
        TensorRole.KeyBias => TensorRole.Key,
        TensorRole.ValueBias => TensorRole.Value,
        TensorRole.OutputBias => TensorRole.Output,
        TensorRole.GateBias => TensorRole.Gate,
        TensorRole.UpBias => TensorRole.Up,
        _ => TensorRole.Down,
    };
}
