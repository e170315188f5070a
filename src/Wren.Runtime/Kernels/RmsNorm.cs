using System.Numerics.Tensors;
using Wren.Runtime.Kernels.Operators;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Root-mean-square normalisation as transformers' <c>LlamaRMSNorm</c> computes it in float32:
/// y = weight * (x / sqrt(mean(x^2) + eps)).
/// </summary>
public static class RmsNorm
{
    /// <summary>Shapes: x [C], weight [C], y [C] (y may be x).</summary>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> y) =>
        Apply(x, weight, eps, y, KernelPaths.Widest);

    internal static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> y, KernelPath path)
    {
        if (weight.Length != x.Length || y.Length != x.Length) throw new ArgumentException("x, weight and y must have the same length");
        if (x.Length == 0) return;
        float meanSquare = (path == KernelPath.Scalar ? SumOfSquaresScalar(x) : TensorPrimitives.SumOfSquares(x)) / x.Length;
        float scale = 1f / MathF.Sqrt(meanSquare + eps);
        BinaryDriver.Run(new ScaledProductOperator(scale), x, weight, y, path);
    }

    internal static float SumOfSquaresScalar(ReadOnlySpan<float> x)
    {
        float sum = 0;
        foreach (float v in x) sum += v * v;
        return sum;
    }
}
