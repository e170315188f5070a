using System.Numerics.Tensors;
using Wren.Runtime.Kernels.Operators;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Numerically stable softmax in place: x[i] = e^(x[i] - max) / sum_j e^(x[j] - max). (TensorPrimitives.SoftMax does not
/// subtract the maximum, so logits above ~88 overflow it; its Max and Multiply are the first and last passes here.)
/// </summary>
public static class Softmax
{
    /// <summary>Shape: x [n]. An empty span is left as it is.</summary>
    public static void Apply(Span<float> x) => Apply(x, KernelPaths.Widest);

    internal static void Apply(Span<float> x, KernelPath path)
    {
        if (x.IsEmpty) return;
        float max = path == KernelPath.Scalar ? MaxScalar(x) : TensorPrimitives.Max((ReadOnlySpan<float>)x);

        // A row of all -inf (fully masked) has no distribution; leave zeros rather than NaN.
        if (float.IsNegativeInfinity(max))
        {
            x.Clear();
            return;
        }

        float sum = AggregationDriver.TransformAndSum(new ShiftedExpOperator(max), x, x, path);
        float inv = 1f / sum;
        if (path == KernelPath.Scalar)
        {
            for (int i = 0; i < x.Length; i++) x[i] *= inv;
        }
        else
        {
            TensorPrimitives.Multiply(x, inv, x);
        }
    }

    private static float MaxScalar(ReadOnlySpan<float> x)
    {
        float max = float.NegativeInfinity;
        foreach (float v in x) max = MathF.Max(max, v);
        return max;
    }
}
