using Wren.Runtime.Kernels.Operators;

namespace Wren.Runtime.Kernels;

/// <summary>The gated feed-forward activation of Llama: y = silu(gate) * up, silu(g) = g / (1 + e^-g).</summary>
public static class SwiGlu
{
    /// <summary>
    /// Shapes: gate [I], up [I], y [I] (y may be gate or up). Every element gets the same bits whatever the span's
    /// length, so [B, I] in one call equals B calls of [I].
    /// </summary>
    public static void Apply(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y) =>
        Apply(gate, up, y, KernelPaths.Widest);

    internal static void Apply(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y, KernelPath path)
    {
        if (up.Length != gate.Length || y.Length != gate.Length) throw new ArgumentException("gate, up and y must have the same length");
        BinaryDriver.Run(default(SwiGluOperator), gate, up, y, path);
    }
}
