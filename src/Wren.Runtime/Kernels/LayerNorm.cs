using System.Numerics.Tensors;
using Wren.Runtime.Kernels.Operators;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Layer normalisation with a bias as torch's <c>nn.LayerNorm</c> computes it in float32 (Phi-2):
/// y = weight * ((x - mean) / sqrt(var + eps)) + bias, var the biased variance of x.
/// </summary>
/// <remarks>
/// The variance is the mean square of x - mean (two passes, as llama.cpp's ggml_norm computes it), not E[x²] - mean²,
/// which cancels when the mean is large against the spread. The scaling rounds as ggml's does: ((x - mean) · scale) · w + b.
/// </remarks>
public static class LayerNorm
{
    /// <summary>Shapes: x [C], weight [C], bias [C], y [C] (y may be x).</summary>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> y) =>
        Apply(x, weight, bias, eps, y, KernelPaths.Widest);

    internal static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> y, KernelPath path)
    {
        if (weight.Length != x.Length || bias.Length != x.Length || y.Length != x.Length) throw new ArgumentException("x, weight, bias and y must have the same length");
        if (x.Length == 0) return;
        // The mean accumulates in double on every path, as ggml_norm's does: a float sum of C values around a large mean
        // loses more than the spread's low bits (C adds, against the row's C x F products in the layer).
        double sum = 0;
        foreach (float v in x) sum += v;
        float mean = (float)(sum / x.Length);
        // y = x - mean (the driver's sum of it is not needed), then var = mean(y²).
        AggregationDriver.TransformAndSum(new ShiftOperator(mean), x, y, path);
        float variance = (path == KernelPath.Scalar ? RmsNorm.SumOfSquaresScalar(y) : TensorPrimitives.SumOfSquares(y)) / x.Length;
        float scale = 1f / MathF.Sqrt(variance + eps);
        BinaryDriver.Run(new ScaledProductOperator(scale), y, weight, y, path);
        BinaryDriver.Run(new MultiplyAddOperator(1f), bias, y, y, path); // y + 1 · bias rounds once, as y + bias
    }
}
