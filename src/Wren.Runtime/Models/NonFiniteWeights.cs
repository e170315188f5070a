using System.Numerics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// Finds the first weight tensor of a model that holds NaN or infinity, and checks logits for them: a model
/// with such a weight produces non-finite logits, and sampling from those gives nothing meaningful (a greedy
/// pick of token 0, or an immediate stop) without a word of why. The scan reads every weight once (seconds
/// on a large model), so it runs only after a forward pass has produced non-finite logits.
/// </summary>
internal static class NonFiniteWeights
{
    /// <summary>Throws, naming the first non-finite weight, when <paramref name="logits"/> are not all finite.</summary>
    /// <exception cref="WrenException">Some logit is NaN or infinite.</exception>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> logits, LlamaModel model)
    {
        if (AllFinite(logits))
        {
            return;
        }
        string where = model.Folder is null ? "the model" : $"the model in {model.Folder}";
        string? tensor = model.FindNonFiniteWeight();
        throw new WrenException(tensor is null
            ? $"{where} gives logits that are not finite (NaN or infinity) on the first step, yet every weight is finite: the activations overflow"
            : $"{where} gives logits that are not finite (NaN or infinity) on the first step: weight '{tensor}' holds NaN or infinity");
    }

    /// <summary>The first weight holding NaN or infinity, in model order, or null.</summary>
    public static ModelTensor? Find(LlamaWeights weights, LlamaConfig config)
    {
        foreach (var t in ModelArchitectures.Of(config.Architecture).TensorsOf(config))
        {
            bool finite = WeightBinder.Get(weights, t.Role, t.Layer) switch
            {
                WeightMatrix m => AllFinite(m),
                WeightMatrix[] parts => parts.All(AllFinite),
                float[] v => AllFinite(v),
                _ => true,
            };
            if (!finite) return t;
        }

        return null;
    }

    /// <summary>Every row of a matrix, dequantized as an embedding lookup would (so quantization scales are checked too).</summary>
    private static bool AllFinite(WeightMatrix matrix)
    {
        var row = new float[matrix.Cols];
        for (int r = 0; r < matrix.Rows; r++)
        {
            matrix.ReadRow(r, row);
            if (!AllFinite(row)) return false;
        }
        return true;
    }

    /// <summary>x - x is 0 for every finite x and NaN for NaN and both infinities.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<float>.Count <= values.Length; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero)) return false;
            }
        }
        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return false;
        }
        return true;
    }
}
