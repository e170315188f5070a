using Wren.Runtime.Kernels;

namespace Wren.Training.Layers;

/// <summary>
/// RMSNorm as transformers computes it: y = w * (x * rstd), rstd = 1 / sqrt(mean(x²) + eps), per row of C.
/// Backward: with g = dy * w, dx = rstd * g - x * rstd³ * (g · x) / C and dw += dy * x * rstd.
/// </summary>
public static class RmsNormLayer
{
    /// <summary>One row. Shapes: x [C], weight [C], y [C]; returns rstd (kept for the backward pass).</summary>
    public static float Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> y)
    {
        int c = x.Length;
        float meanSquare = VectorMath.Dot(x, x) / c;
        float rstd = 1f / MathF.Sqrt(meanSquare + eps);
        for (int i = 0; i < c; i++) y[i] = weight[i] * (x[i] * rstd);
        return rstd;
    }

    /// <summary>
    /// One row's input gradient, added to <paramref name="dx"/>; <paramref name="scratch"/> [C] is overwritten.
    /// Shapes: dy [C], x [C], weight [C], dx [C].
    /// </summary>
    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float rstd, Span<float> dx, Span<float> scratch)
    {
        int c = x.Length;
        for (int i = 0; i < c; i++) scratch[i] = dy[i] * weight[i];
        float gx = VectorMath.Dot(scratch[..c], x);
        float k = rstd * rstd * rstd * gx / c;
        for (int i = 0; i < c; i++) dx[i] += rstd * scratch[i] - k * x[i];
    }

    /// <summary>Weight gradient summed over rows in order: dw[j] += sum_m dy[m, j] x[m, j] rstd[m]. Shapes: dy, x [M, C], rstd [M], dw [C].</summary>
    public static void BackwardWeight(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> rstd, int columns, Span<float> dw)
    {
        int rows = rstd.Length;
        for (int m = 0; m < rows; m++)
        {
            var dyRow = dy.Slice(m * columns, columns);
            var xRow = x.Slice(m * columns, columns);
            float r = rstd[m];
            for (int j = 0; j < columns; j++) dw[j] += dyRow[j] * (xRow[j] * r);
        }
    }
}
