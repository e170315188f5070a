namespace Wren.Runtime.Kernels;

/// <summary>
/// Gemma's gated feed-forward activation: y = gelu_tanh(gate) * up, with transformers' <c>gelu_pytorch_tanh</c>
/// gelu_tanh(g) = 0.5 g (1 + tanh(√(2/π) (g + 0.044715 g³))).
/// </summary>
/// <remarks>
/// Scalar on purpose: one tanh per feed-forward unit is a few percent of the gate and up products that produce its
/// inputs, and MathF.Tanh keeps every element's bits independent of the span's length (so [B, F] in one call equals
/// B calls of [F], as the batched decoder needs). llama.cpp's CPU GeGLU rounds its input to half precision and looks
/// the GELU up in a table; Wren computes it in float32 as transformers does.
/// </remarks>
public static class GeGlu
{
    private const float SqrtTwoOverPi = 0.7978845608028654f;
    private const float Cubic = 0.044715f;

    /// <summary>Shapes: gate [F], up [F], y [F] (y may be gate or up).</summary>
    public static void Apply(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        if (up.Length != gate.Length || y.Length != gate.Length) throw new ArgumentException("gate, up and y must have the same length");
        for (int i = 0; i < gate.Length; i++) y[i] = Gelu(gate[i]) * up[i];
    }

    /// <summary>gelu_tanh(g).</summary>
    public static float Gelu(float g) => 0.5f * g * (1f + MathF.Tanh(SqrtTwoOverPi * (g + Cubic * g * g * g)));

    /// <summary>d gelu_tanh(g) / dg, for the trainer's backward pass.</summary>
    public static float GeluDerivative(float g)
    {
        float inner = SqrtTwoOverPi * (g + Cubic * g * g * g);
        float t = MathF.Tanh(inner);
        return 0.5f * (1f + t) + 0.5f * g * (1f - t * t) * SqrtTwoOverPi * (1f + 3f * Cubic * g * g);
    }
}
