using System.Numerics.Tensors;
using Wren.Runtime.Kernels.Operators;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Small vector kernels of the forward and backward passes: dot product, y += a x, y += x. The first two run on
/// head-sized spans once per cached position (attention), where the drivers' few-vector loops beat TensorPrimitives'
/// per-call overhead; the residual y += x is TensorPrimitives.Add.
/// </summary>
public static class VectorMath
{
    /// <summary>sum_i a[i] * b[i]. Shapes: a [n], b [n].</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot(a, b, KernelPaths.Widest);

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, KernelPath path)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ", nameof(b));
        return AggregationDriver.Dot(a, b, path);
    }

    /// <summary>y[i] += alpha * x[i]. Shapes: x [n], y [n].</summary>
    public static void MultiplyAdd(float alpha, ReadOnlySpan<float> x, Span<float> y) => MultiplyAdd(alpha, x, y, KernelPaths.Widest);

    internal static void MultiplyAdd(float alpha, ReadOnlySpan<float> x, Span<float> y, KernelPath path)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        BinaryDriver.Run(new MultiplyAddOperator(alpha), x, y, y, path);
    }

    /// <summary>y[i] += x[i] (the residual connection). Shapes: x [n], y [n].</summary>
    public static void Add(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        TensorPrimitives.Add(x, y, y);
    }
}
