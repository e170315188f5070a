using Wren.Runtime.Kernels;

namespace Wren.Training.Layers;

/// <summary>
/// Gemma's GeGLU gate: a = gelu_tanh(g) * u (the runtime's <see cref="GeGlu"/>). Backward: dg = da * u * gelu_tanh'(g),
/// du = da * gelu_tanh(g).
/// </summary>
public static class GeGluLayer
{
    /// <summary>Shapes: gate, up, act [n].</summary>
    public static void Forward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> act) => GeGlu.Apply(gate, up, act);

    /// <summary>Overwrites dgate and dup. Shapes: all [n].</summary>
    public static void Backward(ReadOnlySpan<float> dact, ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> dgate, Span<float> dup)
    {
        for (int i = 0; i < dact.Length; i++)
        {
            float g = gate[i];
            dgate[i] = dact[i] * up[i] * GeGlu.GeluDerivative(g);
            dup[i] = dact[i] * GeGlu.Gelu(g);
        }
    }
}
