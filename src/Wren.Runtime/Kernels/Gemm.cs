using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Matrix-matrix product Y = X W^T with X [T, K] activations and W [N, K] weights (the prefill path:
/// many tokens against the same weights), on the shared <see cref="Sgemm"/> micro-kernels. W is packed, a panel
/// of 16 output columns by a block of <see cref="KBlock"/> inputs at a time, into a float32 buffer laid out
/// [KBlock][16] (converting F16/BF16 while packing, not once per token); a block of up to
/// <see cref="Sgemm.RowBlock"/> tokens of X is packed into <see cref="Sgemm"/>'s row panels, and its register-tiled
/// micro-kernel (6 x 16 with AVX2 and with 128-bit vectors, 12 x 16 with AVX-512) updates Y. Work splits across threads by panels of N.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>Output columns per packed panel (NR).</summary>
    public const int PanelWidth = 16;

    /// <summary>Inputs per packed block (KC): a packed panel is 16 KB, half of a typical L1 data cache.</summary>
    public const int KBlock = 256;

    /// <summary>Floats of packing scratch one thread needs: a block of X rows and one W panel.</summary>
    public const int PackLength = Sgemm.PackedALength + PanelWidth * KBlock;

    /// <summary>Number of 16-column panels that cover <paramref name="n"/> columns.</summary>
    public static int PanelCount(int n) => (n + PanelWidth - 1) / PanelWidth;

    /// <summary>
    /// Y[t, n] = sum_k X[t, k] * W[n, k] for the columns of panels [panelStart, panelEnd).
    /// Shapes: x [T, K] (row stride K), W [N, K], y [T, ldy] with ldy &gt;= N, pack [<see cref="PackLength"/>].
    /// </summary>
    public static void MultiplyTransposed(ReadOnlySpan<float> x, int t, WeightMatrix w, Span<float> y, int ldy, int panelStart, int panelEnd, Span<float> pack)
    {
        int k = w.Cols, n = w.Rows;
        if (t < 0) throw new ArgumentOutOfRangeException(nameof(t));
        if (x.Length < (long)t * k) throw new ArgumentException($"x holds {x.Length} floats, [T={t}, K={k}] needs {(long)t * k}", nameof(x));
        if (ldy < n) throw new ArgumentOutOfRangeException(nameof(ldy), $"ldy {ldy} is smaller than N {n}");
        if (t > 0 && y.Length < (long)(t - 1) * ldy + n) throw new ArgumentException("y is too short for [T, ldy]", nameof(y));
        if ((uint)panelStart > (uint)panelEnd || panelEnd > PanelCount(n)) throw new ArgumentOutOfRangeException(nameof(panelEnd));
        if (pack.Length < PackLength) throw new ArgumentException($"pack needs {PackLength} floats", nameof(pack));
        if (t == 0) return;
        if (k == 0)
        {
            // An empty sum: every output is zero.
            for (int i = 0; i < t; i++) y.Slice(i * ldy + panelStart * PanelWidth, Math.Min(n, panelEnd * PanelWidth) - panelStart * PanelWidth).Clear();
            return;
        }

        var path = Sgemm.BestPath;
        fixed (float* xp = x)
        fixed (float* yp = y)
        fixed (float* pp = pack)
        {
            Run(path, xp, t, w, yp, ldy, panelStart, panelEnd, pp);
        }
    }

    /// <summary>Y = X W^T for all columns, single-threaded. Shapes: x [T, K], W [N, K], y [T, N].</summary>
    public static void MultiplyTransposed(ReadOnlySpan<float> x, int t, WeightMatrix w, Span<float> y)
    {
        float[] pack = System.Buffers.ArrayPool<float>.Shared.Rent(PackLength);
        try
        {
            MultiplyTransposed(x, t, w, y, w.Rows, 0, PanelCount(w.Rows), pack);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(pack);
        }
    }

    internal static void Run(KernelPath path, float* x, int t, WeightMatrix w, float* y, int ldy, int p0, int p1, float* pack)
    {
        ref byte wr = ref Unsafe.AsRef<byte>((void*)w.Data);
        switch (w.DType)
        {
            case WeightDType.F32: Core<F32Loader>(path, x, t, w.Cols, ref wr, (nint)w.RowBytes, w.Rows, y, ldy, p0, p1, pack); break;
            case WeightDType.F16: Core<F16Loader>(path, x, t, w.Cols, ref wr, (nint)w.RowBytes, w.Rows, y, ldy, p0, p1, pack); break;
            case WeightDType.BF16: Core<BF16Loader>(path, x, t, w.Cols, ref wr, (nint)w.RowBytes, w.Rows, y, ldy, p0, p1, pack); break;
            default: Quantized(path, x, t, w, y, ldy, p0, p1, pack); break;
        }
    }

    /// <summary>
    /// Block-quantized weights: each 16-row panel is dequantized to float32 once (ggml's dequantize_row_*),
    /// then multiplied by the F32 micro-kernels. The panel scratch [16, K] is pooled per call.
    /// </summary>
    private static void Quantized(KernelPath path, float* x, int t, WeightMatrix w, float* y, int ldy, int p0, int p1, float* pack)
    {
        int k = w.Cols;
        float[] panel = System.Buffers.ArrayPool<float>.Shared.Rent(PanelWidth * k);
        try
        {
            fixed (float* pp = panel)
            {
                for (int p = p0; p < p1; p++)
                {
                    int n0 = p * PanelWidth;
                    int width = Math.Min(PanelWidth, w.Rows - n0);
                    for (int j = 0; j < width; j++) w.ReadRow(n0 + j, new Span<float>(pp + (nint)j * k, k));
                    Core<F32Loader>(path, x, t, k, ref Unsafe.AsRef<byte>(pp), (nint)k * 4, width, y + n0, ldy, 0, 1, pack);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(panel);
        }
    }

    /// <summary>The reference: a dot product per output element, in order. Shapes as <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, WeightMatrix, Span{float})"/>.</summary>
    internal static void Reference(ReadOnlySpan<float> x, int t, WeightMatrix w, Span<float> y)
    {
        var row = new float[w.Cols];
        for (int n = 0; n < w.Rows; n++)
        {
            w.ReadRow(n, row);
            for (int i = 0; i < t; i++)
            {
                float sum = 0;
                for (int k = 0; k < w.Cols; k++) sum += x[i * w.Cols + k] * row[k];
                y[i * w.Rows + n] = sum;
            }
        }
    }

    private static void Core<TL>(KernelPath path, float* x, int t, int k, ref byte w, nint rowBytes, int n, float* y, int ldy, int p0, int p1, float* pack)
        where TL : struct, IWeightLoader
    {
        // Each W panel is converted once per block of Sgemm.RowBlock tokens (16 x 256 conversions against
        // 72 x 16 x 256 multiply-adds), so the packing scratch stays a fixed size for any T.
        float* packA = pack, packW = pack + Sgemm.PackedALength;
        int mr = Sgemm.PanelRows(path);
        var xm = StridedMatrix.RowMajor(x, k);
        for (int i0 = 0; i0 < t; i0 += Sgemm.RowBlock)
        {
            int i1 = Math.Min(t, i0 + Sgemm.RowBlock);
            for (int k0 = 0; k0 < k; k0 += KBlock)
            {
                int kc = Math.Min(KBlock, k - k0);
                Sgemm.PackA(xm, i0, i1, k0, kc, mr, packA, roundToBf16: false);
                for (int p = p0; p < p1; p++)
                {
                    int n0 = p * PanelWidth;
                    int width = Math.Min(PanelWidth, n - n0);
                    Pack<TL>(ref w, rowBytes, n0, width, k0, kc, packW);
                    Sgemm.PanelTiles(path, packA, i1 - i0, kc, packW, y + (nint)i0 * ldy + n0, ldy, width, overwrite: k0 == 0);
                }
            }
        }
    }

    /// <summary>pack[kk * 16 + j] = W[n0 + j, k0 + kk] as float32, zero for columns past N.</summary>
    private static void Pack<TL>(ref byte w, nint rowBytes, int n0, int width, int k0, int kc, float* pack) where TL : struct, IWeightLoader
    {
        // Each row segment is converted with vector loads first (F16/BF16 widening in registers), then
        // scattered into the panel's column.
        float* row = stackalloc float[KBlock];
        for (int j = 0; j < width; j++)
        {
            ref byte source = ref Unsafe.Add(ref w, (n0 + j) * rowBytes);
            int kk = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; kk + 8 <= kc; kk += 8) TL.Load256(ref source, k0 + kk).Store(row + kk);
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                for (; kk + 4 <= kc; kk += 4) TL.Load128(ref source, k0 + kk).Store(row + kk);
            }

            for (; kk < kc; kk++) row[kk] = TL.Load(ref source, k0 + kk);
            float* dst = pack + j;
            for (kk = 0; kk < kc; kk++) dst[kk * PanelWidth] = row[kk];
        }

        for (int j = width; j < PanelWidth; j++)
        {
            for (int kk = 0; kk < kc; kk++) pack[kk * PanelWidth + j] = 0;
        }
    }
}
