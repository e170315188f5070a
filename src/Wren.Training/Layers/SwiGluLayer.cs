namespace Wren.Training.Layers;

/// <summary>
/// The SwiGLU gate: a = silu(g) * u with silu(g) = g * sigmoid(g). Backward with s = sigmoid(g):
/// dg = da * u * s * (1 + g (1 - s)), du = da * g * s.
/// </summary>
public static class SwiGluLayer
{
    /// <summary>Shapes: gate, up, act [n].</summary>
    public static void Forward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> act)
    {
        for (int i = 0; i < act.Length; i++)
        {
            float g = gate[i];
            act[i] = g / (1f + MathF.Exp(-g)) * up[i];
        }
    }

    /// <summary>Overwrites dgate and dup. Shapes: all [n].</summary>
    public static void Backward(ReadOnlySpan<float> dact, ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> dgate, Span<float> dup)
    {
        for (int i = 0; i < dact.Length; i++)
        {
            float g = gate[i];
            float s = 1f / (1f + MathF.Exp(-g));
            float silu = g * s;
            dgate[i] = dact[i] * up[i] * s * (1f + g * (1f - s));
            dup[i] = dact[i] * silu;
        }
    }
}
