using Wren.Runtime.Kernels.Operators;

namespace Wren.Runtime.Kernels;

/// <summary>
/// The feed-forward activation of Phi-2, transformers' <c>gelu_new</c> (the tanh approximation, as <see cref="GeGlu"/>'s
/// without the gate): y = 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))). llama.cpp's CPU GELU reads a half-precision table
/// instead; Wren computes it in float32 as transformers does.
/// </summary>
public static class Gelu
{
    /// <summary>
    /// Shapes: x [F], y [F] (y may be x). Every element gets the same bits whatever the span's length, so [B, F] in one
    /// call equals B calls of [F].
    /// </summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y) => Apply(x, y, KernelPaths.Widest);

    internal static void Apply(ReadOnlySpan<float> x, Span<float> y, KernelPath path)
    {
        if (y.Length != x.Length) throw new ArgumentException("x and y must have the same length");
        AggregationDriver.TransformAndSum(default(GeluOperator), x, y, path); // the sum is the driver's, not needed here
    }
}
