using System.Numerics.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Gemma 2's logit soft-capping in place: x = cap · tanh(x / cap), which bounds attention scores and output logits to
/// (-cap, cap) while leaving small values almost unchanged. Computed as llama.cpp does: multiply by 1/cap, tanh, multiply by cap.
/// </summary>
public static class SoftCap
{
    /// <summary>Shape: x [n]. A cap of 0 or less leaves x as it is (no capping).</summary>
    public static void Apply(Span<float> x, float cap)
    {
        if (!(cap > 0)) return;
        TensorPrimitives.Multiply(x, 1f / cap, x);
        TensorPrimitives.Tanh(x, x);
        TensorPrimitives.Multiply(x, cap, x);
    }
}
