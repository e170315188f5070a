using System.Numerics.Tensors;

namespace Wren.Training.Layers;

/// <summary>
/// The SwiGLU gate: a = silu(g) * u with silu(g) = g * sigmoid(g). Backward with s = sigmoid(g):
/// dg = da * u * s * (1 + g (1 - s)), du = da * g * s. The sigmoids run on TensorPrimitives' vectorised exp.
/// </summary>
public static class SwiGluLayer
{
    /// <summary>Shapes: gate, up, act [n].</summary>
    public static void Forward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> act)
    {
        TensorPrimitives.Sigmoid(gate, act);
        TensorPrimitives.Multiply(act, gate, act);
        TensorPrimitives.Multiply(act, up, act);
    }

    /// <summary>Overwrites dgate and dup. Shapes: all [n].</summary>
    public static void Backward(ReadOnlySpan<float> dact, ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> dgate, Span<float> dup)
    {
        TensorPrimitives.Sigmoid(gate, dgate);
        for (int i = 0; i < dact.Length; i++)
        {
            float g = gate[i];
            float s = dgate[i];
            dgate[i] = dact[i] * up[i] * s * (1f + g * (1f - s));
            dup[i] = dact[i] * (g * s);
        }
    }
}
