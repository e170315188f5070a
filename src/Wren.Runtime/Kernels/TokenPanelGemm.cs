using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// The prefill product Y = X W^T for F32 weights, with the roles of a BLIS kernel swapped: the tokens are the packed
/// side and the weights are read where they lie. X is packed once per layer group into panels of
/// <see cref="PanelTokens"/> tokens ([K][32], <see cref="Pack"/>), which every thread shares; the micro-kernel keeps
/// eight weight rows by 32 tokens in sixteen 512-bit accumulators over the whole of K, broadcasting one weight per row
/// per step from W's own rows and loading two token vectors (10 loads per 16 fused multiply-adds).
/// </summary>
/// <remarks>
/// <see cref="Gemm"/> packs W, 16 rows at a time, once per block of tokens: for a prompt of 64 tokens that transpose
/// costs about as much as the multiply-adds it feeds, which held F32 prefill near llama.cpp's speed. Here nothing the
/// size of W is copied; the only pack is X's (T x K floats, once per layer group). Each output is one fused
/// multiply-add chain over k in order, in every path, so the vector kernel gives the scalar reference's bits, and a
/// token's result does not depend on which panel or thread computes it.
/// </remarks>
public static unsafe class TokenPanelGemm
{
    /// <summary>Tokens per packed panel: two 512-bit vectors.</summary>
    public const int PanelTokens = 32;

    /// <summary>Weight rows per micro-tile.</summary>
    public const int TileRows = 8;

    /// <summary>Fewest tokens this path takes: below it most of a panel would be padding, and <see cref="Gemm"/> runs.</summary>
    public const int MinTokens = 16;

    /// <summary>Whether the vector kernel runs here: 512-bit vectors with fused multiply-add in hardware.</summary>
    public static bool IsSupported { get; } = Sgemm.BestPath == KernelPath.Vector512;

    /// <summary>Whether <paramref name="dtype"/> weights and <paramref name="t"/> tokens take this path.</summary>
    public static bool Handles(WeightDType dtype, int t) => IsSupported && dtype == WeightDType.F32 && t >= MinTokens;

    /// <summary>Floats of the panels for <paramref name="t"/> tokens of <paramref name="k"/> values (T rounded up to whole panels).</summary>
    public static long PanelFloats(int t, int k) => (long)((t + PanelTokens - 1) / PanelTokens) * k * PanelTokens;

    /// <summary>
    /// panels[q][kk][j] = X[32 q + j, kk], zero for tokens past T. Shapes: x [T, K] (row stride K), panels
    /// [<see cref="PanelFloats"/>].
    /// </summary>
    public static void Pack(ReadOnlySpan<float> x, int t, int k, Span<float> panels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (x.Length < (long)t * k) throw new ArgumentException($"x holds {x.Length} floats, [T={t}, K={k}] needs {(long)t * k}", nameof(x));
        if (panels.Length < PanelFloats(t, k)) throw new ArgumentException($"panels hold {panels.Length} floats, {PanelFloats(t, k)} needed", nameof(panels));
        int groups = (t + PanelTokens - 1) / PanelTokens;
        for (int q = 0; q < groups; q++)
        {
            Span<float> panel = panels.Slice(q * k * PanelTokens, k * PanelTokens);
            for (int j = 0; j < PanelTokens; j++)
            {
                int token = q * PanelTokens + j;
                if (token >= t)
                {
                    for (int kk = 0; kk < k; kk++) panel[kk * PanelTokens + j] = 0;
                    continue;
                }

                ReadOnlySpan<float> row = x.Slice(token * k, k);
                for (int kk = 0; kk < k; kk++) panel[kk * PanelTokens + j] = row[kk];
            }
        }
    }

    /// <summary>
    /// Y[t, n] = W[n, :] · X[t, :] for the rows n in [rowStart, rowEnd) and every t in [0, T). Shapes: W [N, K] (F32),
    /// panels = <see cref="Pack"/> of X, y [T, ldy] with ldy &gt;= N. Runs the vector kernel where
    /// <see cref="IsSupported"/>, else the scalar reference.
    /// </summary>
    public static void Multiply(WeightMatrix w, ReadOnlySpan<float> panels, int t, Span<float> y, int ldy, int rowStart, int rowEnd) =>
        Multiply(IsSupported ? KernelPath.Vector512 : KernelPath.Scalar, w, panels, t, y, ldy, rowStart, rowEnd);

    /// <summary>
    /// <see cref="Multiply(WeightMatrix, ReadOnlySpan{float}, int, Span{float}, int, int, int)"/> on a forced path (Vector512 or
    /// Scalar); Vector512 runs without AVX-512 too (the runtime emulates it, with the same fused bits), so tests check it anywhere.
    /// </summary>
    internal static void Multiply(KernelPath path, WeightMatrix w, ReadOnlySpan<float> panels, int t, Span<float> y, int ldy, int rowStart, int rowEnd)
    {
        if (w.DType != WeightDType.F32) throw new ArgumentException($"{w.DType} weights are not F32", nameof(w));
        if (path is not (KernelPath.Vector512 or KernelPath.Scalar)) throw new ArgumentOutOfRangeException(nameof(path), $"{path}: this kernel has a Vector512 and a scalar path");
        int k = w.Cols;
        if (panels.Length < PanelFloats(t, k)) throw new ArgumentException($"panels hold {panels.Length} floats, T={t} tokens of K={k} need {PanelFloats(t, k)}", nameof(panels));
        if (ldy < w.Rows) throw new ArgumentOutOfRangeException(nameof(ldy), $"ldy {ldy} is smaller than N {w.Rows}");
        if (t > 0 && y.Length < (long)(t - 1) * ldy + w.Rows) throw new ArgumentException("y is too short for [T, ldy]", nameof(y));
        if ((uint)rowStart > (uint)rowEnd || rowEnd > w.Rows) throw new ArgumentOutOfRangeException(nameof(rowEnd));
        fixed (float* pp = panels)
        fixed (float* yp = y)
        {
            Run(path, w, pp, t, yp, ldy, rowStart, rowEnd);
        }
    }

    internal static void Run(KernelPath path, WeightMatrix w, float* panels, int t, float* y, int ldy, int rowStart, int rowEnd)
    {
        int k = w.Cols, groups = (t + PanelTokens - 1) / PanelTokens;
        float* tile = stackalloc float[TileRows * PanelTokens];
        for (int r = rowStart; r < rowEnd; r += TileRows)
        {
            int rows = Math.Min(TileRows, rowEnd - r);
            // Rows past the range repeat the last one: the tile always computes eight, and stores only its own.
            float* w0 = (float*)w.Data + (nint)r * k;
            nint last = (nint)(rows - 1) * k;
            for (int q = 0; q < groups; q++)
            {
                float* panel = panels + (nint)q * k * PanelTokens;
                if (path == KernelPath.Vector512) Tile8x32Vector512(k, w0, last, panel, tile);
                else TileScalar(k, w0, last, panel, tile);
                int tokens = Math.Min(PanelTokens, t - q * PanelTokens);
                for (int j = 0; j < tokens; j++)
                {
                    float* o = y + (nint)(q * PanelTokens + j) * ldy + r;
                    for (int i = 0; i < rows; i++) o[i] = tile[i * PanelTokens + j];
                }
            }
        }
    }

    /// <summary>The reference: tile[i][j] = the fused multiply-add chain of row i against token j over k in order.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TileScalar(int k, float* w0, nint last, float* panel, float* tile)
    {
        for (int i = 0; i < TileRows; i++)
        {
            float* row = w0 + Math.Min(i * (nint)k, last);
            for (int j = 0; j < PanelTokens; j++)
            {
                float acc = 0;
                for (int kk = 0; kk < k; kk++) acc = MathF.FusedMultiplyAdd(row[kk], panel[kk * PanelTokens + j], acc);
                tile[i * PanelTokens + j] = acc;
            }
        }
    }

    /// <summary>tile[8, 32] = W rows [8, K] X panel [K, 32]: 16 accumulators, 2 loads of X and 8 broadcasts of W per step.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x32Vector512(int k, float* w0, nint last, float* panel, float* tile)
    {
        float* w1 = w0 + Math.Min(k, last), w2 = w0 + Math.Min(2 * (nint)k, last), w3 = w0 + Math.Min(3 * (nint)k, last);
        float* w4 = w0 + Math.Min(4 * (nint)k, last), w5 = w0 + Math.Min(5 * (nint)k, last), w6 = w0 + Math.Min(6 * (nint)k, last);
        float* w7 = w0 + Math.Min(7 * (nint)k, last);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        for (nint kk = 0; kk < k; kk++)
        {
            var x0 = Vector512.Load(panel);
            var x1 = Vector512.Load(panel + 16);
            var s = Vector512.Create(w0[kk]);
            a0 = Vector512.FusedMultiplyAdd(s, x0, a0);
            b0 = Vector512.FusedMultiplyAdd(s, x1, b0);
            s = Vector512.Create(w1[kk]);
            a1 = Vector512.FusedMultiplyAdd(s, x0, a1);
            b1 = Vector512.FusedMultiplyAdd(s, x1, b1);
            s = Vector512.Create(w2[kk]);
            a2 = Vector512.FusedMultiplyAdd(s, x0, a2);
            b2 = Vector512.FusedMultiplyAdd(s, x1, b2);
            s = Vector512.Create(w3[kk]);
            a3 = Vector512.FusedMultiplyAdd(s, x0, a3);
            b3 = Vector512.FusedMultiplyAdd(s, x1, b3);
            s = Vector512.Create(w4[kk]);
            a4 = Vector512.FusedMultiplyAdd(s, x0, a4);
            b4 = Vector512.FusedMultiplyAdd(s, x1, b4);
            s = Vector512.Create(w5[kk]);
            a5 = Vector512.FusedMultiplyAdd(s, x0, a5);
            b5 = Vector512.FusedMultiplyAdd(s, x1, b5);
            s = Vector512.Create(w6[kk]);
            a6 = Vector512.FusedMultiplyAdd(s, x0, a6);
            b6 = Vector512.FusedMultiplyAdd(s, x1, b6);
            s = Vector512.Create(w7[kk]);
            a7 = Vector512.FusedMultiplyAdd(s, x0, a7);
            b7 = Vector512.FusedMultiplyAdd(s, x1, b7);
            panel += PanelTokens;
        }

        a0.Store(tile); b0.Store(tile + 16);
        a1.Store(tile + 32); b1.Store(tile + 48);
        a2.Store(tile + 64); b2.Store(tile + 80);
        a3.Store(tile + 96); b3.Store(tile + 112);
        a4.Store(tile + 128); b4.Store(tile + 144);
        a5.Store(tile + 160); b5.Store(tile + 176);
        a6.Store(tile + 192); b6.Store(tile + 208);
        a7.Store(tile + 224); b7.Store(tile + 240);
    }
}
