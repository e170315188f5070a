using Wren.Runtime.Quantization;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Matrix-matrix product Y = X W^T for block-quantized weights (the prefill path), as ggml's CPU backend
/// computes it: the T activation rows are quantized once (Q8_0, Q8_1 for Q4_1/Q5_1, or Q8_K for K-quants; see
/// <see cref="QuantizedMatVec.QuantizeActivation(WeightDType, ReadOnlySpan{float}, Span{byte})"/>), then
/// every weight row is dotted with every activation row in int8 (<see cref="QuantizedDot"/>, four tokens
/// per pass over a Q8_0/Q4_0 block; <see cref="KQuantDot"/>). A weight row is read from memory once and stays in L1 while the T
/// activation rows (T x ~1.06 K bytes) pass over it, so nothing is dequantized or packed to float32.
/// </summary>
public static class QuantizedMatMul
{
    /// <summary>
    /// Y[t, n] = W[n, :] · X[t, :] for the rows n in [rowStart, rowEnd) and every t in [0, T). Shapes: W [N, K],
    /// xq [T, <see cref="QuantizedMatVec.ActivationBytes(WeightDType, int)"/>] (row t = the quantized X[t, :]),
    /// y [T, ldy] with ldy &gt;= N.
    /// </summary>
    public static unsafe void Multiply(WeightMatrix w, ReadOnlySpan<byte> xq, int t, Span<float> y, int ldy, int rowStart, int rowEnd)
    {
        if (!QuantizedMatVec.UsesQuantizedActivation(w.DType)) throw new ArgumentException($"{w.DType} weights are not multiplied with quantized activations", nameof(w));
        int k = w.Cols, xBytes = QuantizedMatVec.ActivationBytes(w.DType, k);
        if (t < 0) throw new ArgumentOutOfRangeException(nameof(t));
        if (xq.Length < (long)t * xBytes) throw new ArgumentException($"xq holds {xq.Length} bytes, [T={t}] quantized rows of K={k} need {(long)t * xBytes}", nameof(xq));
        if (ldy < w.Rows) throw new ArgumentOutOfRangeException(nameof(ldy), $"ldy {ldy} is smaller than N {w.Rows}");
        if (t > 0 && y.Length < (long)(t - 1) * ldy + w.Rows) throw new ArgumentException("y is too short for [T, ldy]", nameof(y));
        if ((uint)rowStart > (uint)rowEnd || rowEnd > w.Rows) throw new ArgumentOutOfRangeException(nameof(rowEnd));
        long rowBytes = w.RowBytes;
        bool byFour = w.DType is WeightDType.Q8_0 or WeightDType.Q4_0;
        Span<float> four = stackalloc float[4];
        for (int r = rowStart; r < rowEnd; r++)
        {
            var row = new ReadOnlySpan<byte>((void*)(w.Data + (nint)(r * rowBytes)), (int)rowBytes);
            int i = 0;
            if (byFour)
            {
                for (; i + 4 <= t; i += 4)
                {
                    QuantizedDot.DotX4(w.DType == WeightDType.Q4_0, row, xq.Slice(i * xBytes, 4 * xBytes), xBytes, k, four);
                    for (int j = 0; j < 4; j++) y[(i + j) * ldy + r] = four[j];
                }
            }

            for (; i < t; i++)
            {
                ReadOnlySpan<byte> xi = xq.Slice(i * xBytes, xBytes);
                y[i * ldy + r] = w.DType switch
                {
                    WeightDType.Q8_0 => QuantizedDot.DotQ8_0(row, xi, k),
                    WeightDType.Q4_0 => QuantizedDot.DotQ4_0Q8_0(row, xi, k),
                    WeightDType.Q5_0 => Q5_0Dot.Dot(row, xi, k),
                    WeightDType.Q4_1 or WeightDType.Q5_1 => MinQuantDot.Dot(w.DType == WeightDType.Q5_1, row, xi, k),
                    WeightDType.Q4_K => KQuantDot.DotQ4_KQ8_K(row, xi, k),
                    _ => KQuantDot.DotQ6_KQ8_K(row, xi, k),
                };
            }
        }
    }

    /// <summary>xq[t] = the quantized X[t, :] for W's type, every row. Shapes: x [T, K], xq [T, ActivationBytes(dtype, K)].</summary>
    public static void QuantizeRows(WeightDType dtype, ReadOnlySpan<float> x, int t, int k, Span<byte> xq)
    {
        int xBytes = QuantizedMatVec.ActivationBytes(dtype, k);
        for (int i = 0; i < t; i++) QuantizedMatVec.QuantizeActivation(dtype, x.Slice(i * k, k), xq.Slice(i * xBytes, xBytes));
    }
}
