using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Matrix-matrix product Y = X W^T with X [T, K] activations and W [N, K] weights (the prefill path:
/// many tokens against the same weights). W is packed, a panel of 16 output columns by a block of
/// <see cref="KBlock"/> inputs at a time, into a float32 buffer laid out [KBlock][16] (converting
/// F16/BF16 once per panel, not once per token); a register-tiled micro-kernel then keeps a tile of
/// Y (6 tokens x 16 columns with AVX2, 8 x 16 with AVX-512) in registers and updates it with one
/// broadcast of X and one FMA per element. Work splits across threads by panels of N.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>Output columns per packed panel (NR).</summary>
    public const int PanelWidth = 16;

    /// <summary>Inputs per packed block (KC): a packed panel is 16 KB, half of a typical L1 data cache.</summary>
    public const int KBlock = 256;

    /// <summary>Floats of packing scratch one thread needs.</summary>
    public const int PackLength = PanelWidth * KBlock;

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

        var path = Vector512.IsHardwareAccelerated ? KernelPath.Vector512 : Vector256.IsHardwareAccelerated ? KernelPath.Vector256 : KernelPath.Scalar;
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
        float* tile = stackalloc float[8 * PanelWidth];
        for (int p = p0; p < p1; p++)
        {
            int n0 = p * PanelWidth;
            int width = Math.Min(PanelWidth, n - n0);
            for (int k0 = 0; k0 < k; k0 += KBlock)
            {
                int kc = Math.Min(KBlock, k - k0);
                Pack<TL>(ref w, rowBytes, n0, width, k0, kc, pack);
                bool first = k0 == 0;
                int i = 0;
                if (path == KernelPath.Vector512)
                {
                    for (; i + 8 <= t; i += 8) Micro8x16Vector512(x + (nint)i * k + k0, k, kc, pack, y + (nint)i * ldy + n0, ldy, width, first, tile);
                }
                else if (path == KernelPath.Vector256)
                {
                    for (; i + 6 <= t; i += 6) Micro6x16Vector256(x + (nint)i * k + k0, k, kc, pack, y + (nint)i * ldy + n0, ldy, width, first, tile);
                }

                for (; i < t; i++) Micro1x16Scalar(x + (nint)i * k + k0, kc, pack, y + (nint)i * ldy + n0, width, first);
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

            for (; kk < kc; kk++) row[kk] = TL.Load(ref source, k0 + kk);
            float* dst = pack + j;
            for (kk = 0; kk < kc; kk++) dst[kk * PanelWidth] = row[kk];
        }

        for (int j = width; j < PanelWidth; j++)
        {
            for (int kk = 0; kk < kc; kk++) pack[kk * PanelWidth + j] = 0;
        }
    }

    private static void Micro1x16Scalar(float* x, int kc, float* pack, float* y, int width, bool first)
    {
        float* acc = stackalloc float[PanelWidth];
        for (int j = 0; j < PanelWidth; j++) acc[j] = 0;
        for (int kk = 0; kk < kc; kk++)
        {
            float a = x[kk];
            float* b = pack + kk * PanelWidth;
            for (int j = 0; j < PanelWidth; j++) acc[j] += a * b[j];
        }

        for (int j = 0; j < width; j++) y[j] = first ? acc[j] : y[j] + acc[j];
    }

    private static void Micro6x16Vector256(float* x, int ldx, int kc, float* pack, float* y, int ldy, int width, bool first, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        float* x1 = x + ldx, x2 = x1 + ldx, x3 = x2 + ldx, x4 = x3 + ldx, x5 = x4 + ldx;
        float* b = pack;
        for (int kk = 0; kk < kc; kk++, b += PanelWidth)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a = Vector256.Create(x[kk]);
            c00 = Vector256.FusedMultiplyAdd(a, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            a = Vector256.Create(x1[kk]);
            c10 = Vector256.FusedMultiplyAdd(a, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            a = Vector256.Create(x2[kk]);
            c20 = Vector256.FusedMultiplyAdd(a, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            a = Vector256.Create(x3[kk]);
            c30 = Vector256.FusedMultiplyAdd(a, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            a = Vector256.Create(x4[kk]);
            c40 = Vector256.FusedMultiplyAdd(a, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a, b1, c41);
            a = Vector256.Create(x5[kk]);
            c50 = Vector256.FusedMultiplyAdd(a, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a, b1, c51);
        }

        // The tile is caller-provided scratch: a stackalloc here, or keeping the accumulators live
        // across a call, made the JIT spill every accumulator inside the loop.
        c00.Store(tile); c01.Store(tile + 8);
        c10.Store(tile + 16); c11.Store(tile + 24);
        c20.Store(tile + 32); c21.Store(tile + 40);
        c30.Store(tile + 48); c31.Store(tile + 56);
        c40.Store(tile + 64); c41.Store(tile + 72);
        c50.Store(tile + 80); c51.Store(tile + 88);
        WriteTile(tile, 6, y, ldy, width, first);
    }

    /// <summary>Y[r, 0..width) = (first ? 0 : Y[r, 0..width)) + tile[r, 0..width) for r &lt; rows. tile is [rows, 16].</summary>
    private static void WriteTile(float* tile, int rows, float* y, int ldy, int width, bool first)
    {
        for (int r = 0; r < rows; r++)
        {
            float* src = tile + r * PanelWidth;
            float* dst = y + (nint)r * ldy;
            if (width == PanelWidth && Vector256.IsHardwareAccelerated)
            {
                var lo = Vector256.Load(src);
                var hi = Vector256.Load(src + 8);
                if (!first)
                {
                    lo += Vector256.Load(dst);
                    hi += Vector256.Load(dst + 8);
                }

                lo.Store(dst);
                hi.Store(dst + 8);
            }
            else
            {
                for (int j = 0; j < width; j++) dst[j] = first ? src[j] : dst[j] + src[j];
            }
        }
    }

    private static void Micro8x16Vector512(float* x, int ldx, int kc, float* pack, float* y, int ldy, int width, bool first, float* tile)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        float* x0 = x, x1 = x + ldx, x2 = x1 + ldx, x3 = x2 + ldx, x4 = x3 + ldx, x5 = x4 + ldx, x6 = x5 + ldx, x7 = x6 + ldx;
        for (int kk = 0; kk < kc; kk++)
        {
            var b = Vector512.Load(pack + kk * PanelWidth);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(x0[kk]), b, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(x1[kk]), b, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(x2[kk]), b, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(x3[kk]), b, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(x4[kk]), b, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(x5[kk]), b, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(x6[kk]), b, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(x7[kk]), b, c7);
        }

        c0.Store(tile); c1.Store(tile + 16); c2.Store(tile + 32); c3.Store(tile + 48);
        c4.Store(tile + 64); c5.Store(tile + 80); c6.Store(tile + 96); c7.Store(tile + 112);
        WriteTile(tile, 8, y, ldy, width, first);
    }
}
