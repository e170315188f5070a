using System.Numerics.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Small vector kernels of the forward and backward passes: dot product, y += a x, y += x. TensorPrimitives covers each
/// of them (widest vector first, 8 vectors per iteration, masked tails; AdvSimd on ARM64), so these are its calls with
/// the shapes checked.
/// </summary>
public static class VectorMath
{
    /// <summary>sum_i a[i] * b[i]. Shapes: a [n], b [n].</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ", nameof(b));
        return TensorPrimitives.Dot(a, b);
    }

    /// <summary>
    /// y[i] += alpha * x[i]. Shapes: x [n], y [n]. Fused where the hardware has FMA (MultiplyAddEstimate), a multiply and
    /// an add where it has not (x86 without AVX2: an emulated FusedMultiplyAdd would be ten times slower).
    /// </summary>
    public static void MultiplyAdd(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        TensorPrimitives.MultiplyAddEstimate(x, alpha, y, y);
    }

    /// <summary>y[i] += x[i] (the residual connection). Shapes: x [n], y [n].</summary>
    public static void Add(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        TensorPrimitives.Add(x, y, y);
    }
}
