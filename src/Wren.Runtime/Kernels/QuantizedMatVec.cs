using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Quantization;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Matrix-vector products y = W x for ggml block-quantized weights (the decode path). As ggml's CPU
/// backend does, the activation is quantized once per product (<see cref="QuantizeActivation(WeightDType, ReadOnlySpan{float}, Span{byte})"/>):
/// to Q8_0 for Q8_0, Q4_0 and Q5_0 rows, to Q8_1 for Q4_1 and Q5_1 rows (their block minimum needs the activation's block sums), to Q8_K for Q4_K and Q6_K rows; each block is then an exact int8
/// dot product (<see cref="QuantizedDot"/>, <see cref="Q5_0Dot"/>, <see cref="KQuantDot"/>: AVX-VNNI or AVX2 maddubs; SDOT or AdvSimd
/// widening multiply-adds on ARM64; or scalar) times the block scales.
/// </summary>
public static unsafe class QuantizedMatVec
{
    /// <summary>Whether the weights of <paramref name="dtype"/> are multiplied with a quantized copy of x.</summary>
    public static bool UsesQuantizedActivation(WeightDType dtype) => dtype is WeightDType.Q8_0 or WeightDType.Q4_0 or WeightDType.Q5_0 or WeightDType.Q4_1 or WeightDType.Q5_1 or WeightDType.Q4_K or WeightDType.Q6_K;

    /// <summary>Whether <paramref name="dtype"/> rows take x as Q8_K (the K-quants) rather than Q8_0.</summary>
    public static bool UsesQ8_KActivation(WeightDType dtype) => dtype is WeightDType.Q4_K or WeightDType.Q6_K;

    /// <summary>Whether <paramref name="dtype"/> rows take x as Q8_1 (the formats with a block minimum, Q4_1 and Q5_1) rather than Q8_0.</summary>
    public static bool UsesQ8_1Activation(WeightDType dtype) => dtype is WeightDType.Q4_1 or WeightDType.Q5_1;

    /// <summary>Bytes of the Q8_0 copy of an activation of <paramref name="k"/> values.</summary>
    public static int ActivationBytes(int k) => (k + Q8_0Format.BlockSize - 1) / Q8_0Format.BlockSize * Q8_0Format.BlockBytes;

    /// <summary>Bytes of the copy of an activation of <paramref name="k"/> values that <paramref name="dtype"/> rows read.</summary>
    public static int ActivationBytes(WeightDType dtype, int k) =>
        UsesQ8_KActivation(dtype) ? Q8_KFormat.RowBytes(k) : UsesQ8_1Activation(dtype) ? Q8_1Format.RowBytes(k) : ActivationBytes(k);

    /// <summary>xq = Q8_0(x). Shapes: x [K] (K a multiple of 32), xq [K/32 * 34] bytes.</summary>
    public static void QuantizeActivation(ReadOnlySpan<float> x, Span<byte> xq) => Q8_0Format.Quantize(x, xq);

    /// <summary>xq = Q8_K(x) for K-quant weights, Q8_1(x) for Q4_1 and Q5_1, else Q8_0(x). Shapes: x [K], xq [<see cref="ActivationBytes(WeightDType, int)"/>] bytes.</summary>
    public static void QuantizeActivation(WeightDType dtype, ReadOnlySpan<float> x, Span<byte> xq)
    {
        if (UsesQ8_KActivation(dtype)) Q8_KFormat.Quantize(x, xq);
        else if (UsesQ8_1Activation(dtype)) Q8_1Format.Quantize(x, xq);
        else Q8_0Format.Quantize(x, xq);
    }

    /// <summary>
    /// y[n] = W[n, :] · x for the rows [rowStart, rowEnd). Shapes: W [N, K], x [K], xq = the activation copy
    /// <see cref="QuantizeActivation(WeightDType, ReadOnlySpan{float}, Span{byte})"/> makes for W's type, y [N].
    /// </summary>
    public static void Multiply(WeightMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<byte> xq, Span<float> y, int rowStart, int rowEnd)
    {
        Check(w, x, y, rowStart, rowEnd);
        int k = w.Cols;
        long rowBytes = w.RowBytes;
        switch (w.DType)
        {
            case WeightDType.Q8_0:
                if (xq.Length < ActivationBytes(k)) throw new ArgumentException("xq is shorter than Q8_0(x)", nameof(xq));
                if (QuantizedDot.UsesAvx2 && k % Q8_0Format.BlockSize == 0)
                    QuantizedDot.RowsAvx2(false, ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q8_0Format.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                else if (Vector128.IsHardwareAccelerated && k % Q8_0Format.BlockSize == 0)
                    QuantizedDot.RowsVector128(false, ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q8_0Format.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                else
                    for (int r = rowStart; r < rowEnd; r++) y[r] = QuantizedDot.DotQ8_0(Row(w, r, rowBytes), xq, k);
                break;
            case WeightDType.Q4_0:
                if (xq.Length < ActivationBytes(k)) throw new ArgumentException("xq is shorter than Q8_0(x)", nameof(xq));
                if (QuantizedDot.UsesAvx2 && k % Q8_0Format.BlockSize == 0)
                    QuantizedDot.RowsAvx2(true, ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q8_0Format.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                else if (Vector128.IsHardwareAccelerated && k % Q8_0Format.BlockSize == 0)
                    QuantizedDot.RowsVector128(true, ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q8_0Format.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                else
                    for (int r = rowStart; r < rowEnd; r++) y[r] = QuantizedDot.DotQ4_0Q8_0(Row(w, r, rowBytes), xq, k);
                break;
            case WeightDType.Q5_0:
                if (xq.Length < ActivationBytes(k)) throw new ArgumentException("xq is shorter than Q8_0(x)", nameof(xq));
                Q5_0Dot.Rows(ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q5_0Format.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                break;
            case WeightDType.Q4_1 or WeightDType.Q5_1:
                if (xq.Length < Q8_1Format.RowBytes(k)) throw new ArgumentException("xq is shorter than Q8_1(x)", nameof(xq));
                MinQuantDot.Rows(w.DType == WeightDType.Q5_1, ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q8_1Format.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                break;
            case WeightDType.Q4_K:
                if (xq.Length < Q8_KFormat.RowBytes(k)) throw new ArgumentException("xq is shorter than Q8_K(x)", nameof(xq));
                if ((KQuantRows.Uses512 || QuantizedDot.UsesAvx2) && k % Q8_KFormat.BlockSize == 0)
                    KQuantRows.Q4_K(ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q8_KFormat.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                else
                    for (int r = rowStart; r < rowEnd; r++) y[r] = KQuantDot.DotQ4_KQ8_K(Row(w, r, rowBytes), xq, k);
                break;
            case WeightDType.Q6_K:
                if (xq.Length < Q8_KFormat.RowBytes(k)) throw new ArgumentException("xq is shorter than Q8_K(x)", nameof(xq));
                if ((KQuantRows.Uses512 || QuantizedDot.UsesAvx2) && k % Q8_KFormat.BlockSize == 0)
                    KQuantRows.Q6_K(ref Unsafe.AsRef<byte>((void*)w.Data), (nint)rowBytes, xq, k / Q8_KFormat.BlockSize, ref MemoryMarshal.GetReference(y), rowStart, rowEnd);
                else
                    for (int r = rowStart; r < rowEnd; r++) y[r] = KQuantDot.DotQ6_KQ8_K(Row(w, r, rowBytes), xq, k);
                break;
            default:
                throw new ArgumentException($"{w.DType} is not a quantized type", nameof(w));
        }
    }

    /// <summary>All rows, quantizing x itself (pooled scratch, nothing allocated after warm-up).</summary>
    public static void Multiply(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y)
    {
        if (!UsesQuantizedActivation(w.DType))
        {
            Multiply(w, x, ReadOnlySpan<byte>.Empty, y, 0, w.Rows);
            return;
        }

        byte[] xq = ArrayPool<byte>.Shared.Rent(ActivationBytes(w.DType, w.Cols));
        try
        {
            QuantizeActivation(w.DType, x[..w.Cols], xq);
            Multiply(w, x, xq, y, 0, w.Rows);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(xq);
        }
    }

    /// <summary>
    /// The reference: every block in order with the scalar int8 dot against Q8_0(x) (Q8_0, Q4_0, Q5_0), Q8_1(x) (Q4_1, Q5_1) or Q8_K(x)
    /// (Q4_K, Q6_K); a row dequantized by the format's reference and a plain float sum for any other type. Same arguments as <see cref="Multiply(WeightMatrix, ReadOnlySpan{float}, ReadOnlySpan{byte}, Span{float}, int, int)"/>.
    /// </summary>
    public static void MultiplyScalar(WeightMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<byte> xq, Span<float> y, int rowStart, int rowEnd)
    {
        Check(w, x, y, rowStart, rowEnd);
        int k = w.Cols;
        long rowBytes = w.RowBytes;
        var row = new float[k];
        for (int r = rowStart; r < rowEnd; r++)
        {
            switch (w.DType)
            {
                case WeightDType.Q8_0: y[r] = QuantizedDot.DotQ8_0Scalar(Row(w, r, rowBytes), xq, k); break;
                case WeightDType.Q4_0: y[r] = QuantizedDot.DotQ4_0Q8_0Scalar(Row(w, r, rowBytes), xq, k); break;
                case WeightDType.Q5_0: y[r] = Q5_0Dot.DotScalar(Row(w, r, rowBytes), xq, k); break;
                case WeightDType.Q4_1 or WeightDType.Q5_1: y[r] = MinQuantDot.DotScalar(w.DType == WeightDType.Q5_1, Row(w, r, rowBytes), xq, k); break;
                case WeightDType.Q4_K: y[r] = KQuantDot.DotQ4_KQ8_KScalar(Row(w, r, rowBytes), xq, k); break;
                case WeightDType.Q6_K: y[r] = KQuantDot.DotQ6_KQ8_KScalar(Row(w, r, rowBytes), xq, k); break;
                default:
                    DequantizeRow(w.DType, Row(w, r, rowBytes), row);
                    float sum = 0;
                    for (int i = 0; i < k; i++) sum += row[i] * x[i];
                    y[r] = sum;
                    break;
            }
        }
    }

    /// <summary>destination = dequantize(source) for one row of a quantized type (ggml's dequantize_row_*).</summary>
    public static void DequantizeRow(WeightDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case WeightDType.Q8_0: Q8_0Format.Dequantize(source, destination); break;
            case WeightDType.Q4_0: Q4_0Format.Dequantize(source, destination); break;
            case WeightDType.Q5_0: Q5_0Format.Dequantize(source, destination); break;
            case WeightDType.Q4_1: Q4_1Format.Dequantize(source, destination); break;
            case WeightDType.Q5_1: Q5_1Format.Dequantize(source, destination); break;
            case WeightDType.Q4_K: Q4_KFormat.Dequantize(source, destination); break;
            case WeightDType.Q6_K: Q6_KFormat.Dequantize(source, destination); break;
            default: throw new ArgumentException($"{dtype} is not a quantized type", nameof(dtype));
        }
    }

    private static ReadOnlySpan<byte> Row(WeightMatrix w, int r, long rowBytes) => new((void*)(w.Data + (nint)(r * rowBytes)), (int)rowBytes);

    private static void Check(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int rowStart, int rowEnd)
    {
        if (x.Length < w.Cols) throw new ArgumentException($"x has {x.Length} elements, W has {w.Cols} columns", nameof(x));
        if (y.Length < w.Rows) throw new ArgumentException($"y has {y.Length} elements, W has {w.Rows} rows", nameof(y));
        if ((uint)rowStart > (uint)rowEnd || rowEnd > w.Rows) throw new ArgumentOutOfRangeException(nameof(rowEnd));
    }
}
