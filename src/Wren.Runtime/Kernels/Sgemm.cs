using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Float32 matrix product C[M, N] = A[M, K] B[K, N] (or C += A B), GotoBLAS/BLIS style: B is packed once into
/// panels of <see cref="PanelWidth"/> columns per block of <see cref="DepthBlock"/> depth, a block of at most
/// <see cref="RowBlock"/> rows of A is packed into panels of MR rows, and a register-tiled micro-kernel keeps an
/// MR x 16 tile of C in registers (6 x 16 with AVX2+FMA: 12 accumulators; 12 x 16 with AVX-512) over the
/// depth block, with one broadcast of A and one fused multiply-add per element. Operands are
/// <see cref="StridedMatrix"/> views, so X Wᵀ, dY W and dYᵀ X are the same routine with different strides.
/// <para>
/// Every element of C is computed as C (+)= s_0 + s_1 + ..., where s_p is the fused-multiply-add sum of depth
/// block p started from zero, in depth order. The scalar path does exactly the same operations, so all paths
/// and all splits of rows and columns across threads give bit-identical results.
/// </para>
/// <para>
/// With <c>roundToBf16</c>, both inputs are rounded to bfloat16 (round to nearest even) while they are packed
/// and the products are accumulated in float32: a BF16 x BF16 product is exact in float32, so this is what a
/// BF16 dot-product instruction computes. .NET 10 exposes no AVX512_BF16 instructions, so the packed values
/// are widened back to float32 (a 16-bit shift) and multiplied with FMA on every machine.
/// </para>
/// </summary>
public static unsafe class Sgemm
{
    /// <summary>Columns of C per packed B panel and per micro-tile (NR).</summary>
    public const int PanelWidth = 16;

    /// <summary>Depth per block (KC): a packed B micro-panel (256 x 16 floats, 16 KB) stays in L1 while MR-row panels of A stream by.</summary>
    public const int DepthBlock = 256;

    /// <summary>Rows of A packed at a time (MC, a multiple of every MR): 72 x 256 floats = 72 KB, which stays in L2.</summary>
    public const int RowBlock = 72;

    /// <summary>Floats of A-packing scratch one thread needs.</summary>
    public const int PackedALength = RowBlock * DepthBlock;

    /// <summary>Largest micro-tile row count of any path (scratch for edge tiles).</summary>
    private const int MaxPanelRows = 12;

    /// <summary>
    /// The widest path on this machine whose multiply-adds are fused in hardware (the micro-kernels promise FMA's bits, and
    /// .NET emulates a missing FMA one element at a time): AVX-512, AVX2 with FMA, AdvSimd on ARM64 or FMA with 128-bit
    /// vectors on x86; else scalar.
    /// </summary>
    internal static KernelPath BestPath { get; } =
        KernelPaths.Widest == KernelPath.Vector512 ? KernelPath.Vector512
        : KernelPaths.Widest == KernelPath.Vector256 && System.Runtime.Intrinsics.X86.Fma.IsSupported ? KernelPath.Vector256
        : KernelPaths.Widest == KernelPath.Vector128 && (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported || System.Runtime.Intrinsics.X86.Fma.IsSupported) ? KernelPath.Vector128
        : KernelPath.Scalar;

    /// <summary>The name of the path this machine takes ("Vector512", "Vector256", "Vector128" or "Scalar").</summary>
    public static string PathName => BestPath.ToString();

    /// <summary>
    /// Rows per micro-tile (MR) on a path: 12 x 16 with AVX-512 (12 of 32 registers accumulate), 6 x 16 with AVX2 (12 of 16)
    /// and with 128-bit vectors (24 of NEON's 32 registers accumulate, 4 hold B and one a broadcast of A).
    /// </summary>
    internal static int PanelRows(KernelPath path) => path == KernelPath.Vector512 ? 12 : 6;

    /// <summary>Floats a C [M, ldc] needs to hold its last row's N columns: (M - 1) ldc + N (0 when M is 0).</summary>
    public static long OutputLength(int m, int n, int ldc) => m == 0 ? 0 : (long)(m - 1) * ldc + n;

    /// <summary>Number of 16-column panels covering <paramref name="n"/> columns.</summary>
    public static int PanelCount(int n) => (n + PanelWidth - 1) / PanelWidth;

    /// <summary>Floats a fully packed B [K, N] occupies.</summary>
    public static long PackedBLength(int k, int n) => (long)k * PanelCount(n) * PanelWidth;

    /// <summary>
    /// C = A B (or C += A B when <paramref name="accumulate"/>), single-threaded, on dense row-major spans: <paramref name="a"/>
    /// holds A [M, K] (with <paramref name="transposeA"/>, Aᵀ stored as [K, M]), <paramref name="b"/> holds B [K, N] (with
    /// <paramref name="transposeB"/>, Bᵀ stored as [N, K]), c is [M, ldc] (at least <see cref="OutputLength"/> floats).
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, int m, int k, int n, Span<float> c, int ldc, bool accumulate)
    {
        CheckShape(m, k, n, ldc);
        CheckOperands(a.Length, b.Length, m, k, n);
        fixed (float* ap = a)
        fixed (float* bp = b)
        {
            Multiply(StridedMatrix.Of(ap, transposeA, m, k), StridedMatrix.Of(bp, transposeB, k, n), m, k, n, c, ldc, accumulate);
        }
    }

    /// <summary>
    /// C = A B (or C += A B when <paramref name="accumulate"/>), single-threaded. Shapes: a [M, K], b [K, N], c [M, ldc]
    /// (at least <see cref="OutputLength"/> floats). Packing scratch is allocated per call; the training and prefill paths use
    /// <see cref="ParallelSgemm"/>, which keeps it.
    /// </summary>
    internal static void Multiply(StridedMatrix a, StridedMatrix b, int m, int k, int n, Span<float> c, int ldc, bool accumulate, bool roundToBf16 = false)
    {
        CheckOutput(m, n, c.Length, ldc);
        fixed (float* cp = c)
        {
            Multiply(BestPath, a, b, m, k, n, cp, ldc, accumulate, roundToBf16);
        }
    }

    internal static void Multiply(KernelPath path, StridedMatrix a, StridedMatrix b, int m, int k, int n, float* c, nint ldc, bool accumulate, bool roundToBf16)
    {
        CheckShape(m, k, n, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) ClearRows(c, ldc, 0, m, n);
            return;
        }

        float[] packB = GC.AllocateUninitializedArray<float>((int)PackedBLength(k, n), pinned: true);
        float[] packA = GC.AllocateUninitializedArray<float>(PackedALength, pinned: true);
        fixed (float* pb = packB)
        fixed (float* pa = packA)
        {
            Multiply(path, a, b, m, k, n, c, ldc, accumulate, roundToBf16, pa, pb);
        }
    }

    /// <summary>
    /// C = A B (or C += A B), single-threaded, on caller scratch: <paramref name="packA"/> holds <see cref="PackedALength"/>
    /// floats and <paramref name="packB"/> <see cref="PackedBLength"/>(K, N). Allocates nothing (for small products inside
    /// a parallel loop, such as attention's per-head ones). Shapes: a [M, K], b [K, N], c [M, ldc] (at least
    /// <see cref="OutputLength"/> floats).
    /// </summary>
    internal static void Multiply(StridedMatrix a, StridedMatrix b, int m, int k, int n, Span<float> c, int ldc, bool accumulate, Span<float> packA, Span<float> packB)
    {
        CheckOutput(m, n, c.Length, ldc);
        if (packA.Length < PackedALength) throw new ArgumentException($"packA holds {packA.Length} floats, {PackedALength} needed", nameof(packA));
        if (packB.Length < PackedBLength(k, n)) throw new ArgumentException($"packB holds {packB.Length} floats, {PackedBLength(k, n)} needed for [K={k}, N={n}]", nameof(packB));
        fixed (float* cp = c)
        fixed (float* pa = packA)
        fixed (float* pb = packB)
        {
            Multiply(BestPath, a, b, m, k, n, cp, ldc, accumulate, roundToBf16: false, pa, pb);
        }
    }

    internal static void Multiply(KernelPath path, StridedMatrix a, StridedMatrix b, int m, int k, int n, float* c, nint ldc, bool accumulate, bool roundToBf16, float* packA, float* packB)
    {
        CheckShape(m, k, n, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) ClearRows(c, ldc, 0, m, n);
            return;
        }

        PackB(b, k, n, 0, PanelCount(n), packB, roundToBf16);
        for (int i0 = 0; i0 < m; i0 += RowBlock)
            MultiplyBlock(path, a, k, n, packB, c, ldc, i0, Math.Min(m, i0 + RowBlock), 0, PanelCount(n), accumulate, roundToBf16, packA);
    }

    /// <summary>The reference: C[i, j] (+)= sum_r A[i, r] B[r, j] in plain float32 multiply-adds, in order.</summary>
    internal static void MultiplyReference(StridedMatrix a, StridedMatrix b, int m, int k, int n, Span<float> c, int ldc, bool accumulate)
    {
        CheckShape(m, k, n, ldc);
        CheckOutput(m, n, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int r = 0; r < k; r++) sum += a[i, r] * b[r, j];
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
        }
    }

    internal static void CheckOutput(int m, int n, int length, int ldc)
    {
        if (ldc >= n && length < OutputLength(m, n, ldc)) throw new ArgumentException($"c holds {length} floats, [M={m}, ldc={ldc}] with N={n} needs {OutputLength(m, n, ldc)}", "c");
    }

    internal static void CheckOperands(int aLength, int bLength, int m, int k, int n)
    {
        if (aLength < (long)m * k) throw new ArgumentException($"a holds {aLength} floats, [M={m}, K={k}] needs {(long)m * k}", "a");
        if (bLength < (long)k * n) throw new ArgumentException($"b holds {bLength} floats, [K={k}, N={n}] needs {(long)k * n}", "b");
    }

    internal static void CheckShape(int m, int k, int n, nint ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (ldc < n) throw new ArgumentOutOfRangeException(nameof(ldc), $"ldc {ldc} is smaller than N {n}");
    }

    internal static void ClearRows(float* c, nint ldc, int i0, int i1, int n)
    {
        for (int i = i0; i < i1; i++) new Span<float>(c + i * ldc, n).Clear();
    }

    /// <summary>Rounds to the nearest bfloat16 (ties to even) and widens back: the float32 value a BF16 operand holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float RoundToBf16(float value) => BitConverter.UInt32BitsToSingle((uint)HalfConversion.SingleToBF16(value) << 16);

    /// <summary>
    /// Packs panels [<paramref name="panelStart"/>, <paramref name="panelEnd"/>) of B [K, N] for every depth block.
    /// Layout: depth block starting at k0 (depth kc) occupies [k0 * Npad, (k0 + kc) * Npad); in it, panel p is
    /// [p * kc * 16, (p + 1) * kc * 16) with element (kk, j) at kk * 16 + j; columns past N are zero.
    /// </summary>
    internal static void PackB(StridedMatrix b, int k, int n, int panelStart, int panelEnd, float* packed, bool roundToBf16)
    {
        int nPad = PanelCount(n) * PanelWidth;
        for (int k0 = 0; k0 < k; k0 += DepthBlock)
        {
            int kc = Math.Min(DepthBlock, k - k0);
            float* block = packed + (nint)k0 * nPad;
            for (int p = panelStart; p < panelEnd; p++)
            {
                int n0 = p * PanelWidth, width = Math.Min(PanelWidth, n - n0);
                PackBPanel(b, k0, kc, n0, width, block + (nint)p * kc * PanelWidth, roundToBf16);
            }
        }
    }

    private static void PackBPanel(StridedMatrix b, int k0, int kc, int n0, int width, float* dst, bool roundToBf16)
    {
        nint rs = b.RowStride, cs = b.ColumnStride;
        float* origin = b.Data + k0 * rs + n0 * cs;
        if (cs == 1 && width == PanelWidth && !roundToBf16)
        {
            // Row-major B: each depth step is 16 contiguous floats.
            for (int kk = 0; kk < kc; kk++) new ReadOnlySpan<float>(origin + kk * rs, PanelWidth).CopyTo(new Span<float>(dst + kk * PanelWidth, PanelWidth));
            return;
        }

        if (width < PanelWidth) new Span<float>(dst, kc * PanelWidth).Clear();
        if (rs == 1)
        {
            // Transposed B (a weight [N, K] read as Wᵀ): each column is contiguous in memory; read it in order.
            for (int j = 0; j < width; j++)
            {
                float* src = origin + j * cs;
                float* d = dst + j;
                if (roundToBf16) for (int kk = 0; kk < kc; kk++) d[kk * PanelWidth] = RoundToBf16(src[kk]);
                else for (int kk = 0; kk < kc; kk++) d[kk * PanelWidth] = src[kk];
            }

            return;
        }

        for (int kk = 0; kk < kc; kk++)
        {
            float* src = origin + kk * rs;
            float* d = dst + kk * PanelWidth;
            if (roundToBf16) for (int j = 0; j < width; j++) d[j] = RoundToBf16(src[j * cs]);
            else for (int j = 0; j < width; j++) d[j] = src[j * cs];
        }
    }

    /// <summary>
    /// Packs rows [i0, i1) (at most <see cref="RowBlock"/>) by depth [k0, k0 + kc) of A into panels of <paramref name="mr"/> rows:
    /// panel q at q * mr * kc, element (kk, r) at kk * mr + r; rows past i1 are zero.
    /// </summary>
    internal static void PackA(StridedMatrix a, int i0, int i1, int k0, int kc, int mr, float* dst, bool roundToBf16)
    {
        nint rs = a.RowStride, cs = a.ColumnStride;
        for (int q0 = i0; q0 < i1; q0 += mr)
        {
            int rows = Math.Min(mr, i1 - q0);
            float* panel = dst + (nint)((q0 - i0) / mr) * mr * kc;
            if (rows < mr) new Span<float>(panel, mr * kc).Clear();
            float* origin = a.Data + q0 * rs + k0 * cs;
            if (rs == 1)
            {
                // Transposed A (dYᵀ): the rows of one depth step are contiguous.
                for (int kk = 0; kk < kc; kk++)
                {
                    float* src = origin + kk * cs;
                    float* d = panel + kk * mr;
                    if (roundToBf16) for (int r = 0; r < rows; r++) d[r] = RoundToBf16(src[r]);
                    else for (int r = 0; r < rows; r++) d[r] = src[r];
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    float* src = origin + r * rs;
                    float* d = panel + r;
                    if (roundToBf16) for (int kk = 0; kk < kc; kk++) d[kk * mr] = RoundToBf16(src[kk * cs]);
                    else if (cs == 1) for (int kk = 0; kk < kc; kk++) d[kk * mr] = src[kk];
                    else for (int kk = 0; kk < kc; kk++) d[kk * mr] = src[kk * cs];
                }
            }
        }
    }

    /// <summary>
    /// Rows [i0, i1) (at most <see cref="RowBlock"/>) and panels [p0, p1) of C, over all of K, with B already packed by
    /// <see cref="PackB"/>. <paramref name="packA"/> holds <see cref="PackedALength"/> floats of this thread's scratch.
    /// </summary>
    internal static void MultiplyBlock(KernelPath path, StridedMatrix a, int k, int n, float* packedB, float* c, nint ldc,
        int i0, int i1, int p0, int p1, bool accumulate, bool roundToBf16, float* packA)
    {
        int mr = PanelRows(path);
        int nPad = PanelCount(n) * PanelWidth;
        for (int k0 = 0; k0 < k; k0 += DepthBlock)
        {
            int kc = Math.Min(DepthBlock, k - k0);
            bool overwrite = k0 == 0 && !accumulate;
            PackA(a, i0, i1, k0, kc, mr, packA, roundToBf16);
            float* bBlock = packedB + (nint)k0 * nPad;
            for (int p = p0; p < p1; p++)
            {
                int n0 = p * PanelWidth;
                PanelTiles(path, packA, i1 - i0, kc, bBlock + (nint)p * kc * PanelWidth, c + i0 * ldc + n0, ldc, Math.Min(PanelWidth, n - n0), overwrite);
            }
        }
    }

    /// <summary>
    /// C[rows, width] (+)= A B for one packed B panel [kc, 16] against a packed A block of <paramref name="rows"/> rows
    /// (panels of MR rows, as <see cref="PackA"/> lays them out): the macro-kernel that the prefill GEMM shares.
    /// </summary>
    internal static void PanelTiles(KernelPath path, float* packA, int rows, int kc, float* bPanel, float* c, nint ldc, int width, bool overwrite)
    {
        int mr = PanelRows(path);
        float* edge = stackalloc float[MaxPanelRows * PanelWidth];
        for (int q0 = 0; q0 < rows; q0 += mr)
        {
            int tileRows = Math.Min(mr, rows - q0);
            float* aPanel = packA + (nint)(q0 / mr) * mr * kc;
            float* cTile = c + q0 * ldc;
            if (tileRows == mr && width == PanelWidth)
            {
                Tile(path, kc, aPanel, bPanel, cTile, ldc, overwrite);
            }
            else
            {
                Tile(path, kc, aPanel, bPanel, edge, PanelWidth, overwrite: true);
                for (int r = 0; r < tileRows; r++)
                {
                    float* src = edge + r * PanelWidth;
                    float* dst = cTile + r * ldc;
                    if (overwrite) for (int j = 0; j < width; j++) dst[j] = src[j];
                    else for (int j = 0; j < width; j++) dst[j] += src[j];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(KernelPath path, int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        if (path == KernelPath.Vector256) Tile6x16Vector256(kc, a, b, c, ldc, overwrite);
        else if (path == KernelPath.Vector512) Tile12x16Vector512(kc, a, b, c, ldc, overwrite);
        else if (path == KernelPath.Vector128) Tile6x16Vector128(kc, a, b, c, ldc, overwrite);
        else TileScalar(PanelRows(path), kc, a, b, c, ldc, overwrite);
    }

    /// <summary>The reference micro-kernel: the same fused multiply-adds in the same order as the vector ones.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TileScalar(int mr, int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        for (int r = 0; r < mr; r++)
        {
            for (int j = 0; j < PanelWidth; j++)
            {
                float acc = 0;
                for (int kk = 0; kk < kc; kk++) acc = MathF.FusedMultiplyAdd(a[kk * mr + r], b[kk * PanelWidth + j], acc);
                float* dst = c + r * ldc + j;
                *dst = overwrite ? acc : *dst + acc;
            }
        }
    }

    /// <summary>
    /// C[6, 16] (+)= A[6, kc] B[kc, 16] in 128-bit vectors: 24 accumulators (4 per row), 4 loads of B and 6 broadcasts of A
    /// (one LD1R each on ARM64) per depth step. Sized for NEON's 32 registers; on x86 it is the path without AVX2.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x16Vector128(int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        Vector128<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
        Vector128<float> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
        Vector128<float> c40 = default, c41 = default, c42 = default, c43 = default, c50 = default, c51 = default, c52 = default, c53 = default;
        for (int kk = 0; kk < kc; kk++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var b2 = Vector128.Load(b + 8);
            var b3 = Vector128.Load(b + 12);
            var x = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(x, b0, c00); c01 = Vector128.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector128.FusedMultiplyAdd(x, b2, c02); c03 = Vector128.FusedMultiplyAdd(x, b3, c03);
            x = Vector128.Create(a[1]);
            c10 = Vector128.FusedMultiplyAdd(x, b0, c10); c11 = Vector128.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector128.FusedMultiplyAdd(x, b2, c12); c13 = Vector128.FusedMultiplyAdd(x, b3, c13);
            x = Vector128.Create(a[2]);
            c20 = Vector128.FusedMultiplyAdd(x, b0, c20); c21 = Vector128.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector128.FusedMultiplyAdd(x, b2, c22); c23 = Vector128.FusedMultiplyAdd(x, b3, c23);
            x = Vector128.Create(a[3]);
            c30 = Vector128.FusedMultiplyAdd(x, b0, c30); c31 = Vector128.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector128.FusedMultiplyAdd(x, b2, c32); c33 = Vector128.FusedMultiplyAdd(x, b3, c33);
            x = Vector128.Create(a[4]);
            c40 = Vector128.FusedMultiplyAdd(x, b0, c40); c41 = Vector128.FusedMultiplyAdd(x, b1, c41);
            c42 = Vector128.FusedMultiplyAdd(x, b2, c42); c43 = Vector128.FusedMultiplyAdd(x, b3, c43);
            x = Vector128.Create(a[5]);
            c50 = Vector128.FusedMultiplyAdd(x, b0, c50); c51 = Vector128.FusedMultiplyAdd(x, b1, c51);
            c52 = Vector128.FusedMultiplyAdd(x, b2, c52); c53 = Vector128.FusedMultiplyAdd(x, b3, c53);
            a += 6;
            b += PanelWidth;
        }

        StoreRow(c, overwrite, c00, c01, c02, c03);
        StoreRow(c + ldc, overwrite, c10, c11, c12, c13);
        StoreRow(c + 2 * ldc, overwrite, c20, c21, c22, c23);
        StoreRow(c + 3 * ldc, overwrite, c30, c31, c32, c33);
        StoreRow(c + 4 * ldc, overwrite, c40, c41, c42, c43);
        StoreRow(c + 5 * ldc, overwrite, c50, c51, c52, c53);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, bool overwrite, Vector128<float> v0, Vector128<float> v1, Vector128<float> v2, Vector128<float> v3)
    {
        if (!overwrite)
        {
            v0 += Vector128.Load(c);
            v1 += Vector128.Load(c + 4);
            v2 += Vector128.Load(c + 8);
            v3 += Vector128.Load(c + 12);
        }

        v0.Store(c);
        v1.Store(c + 4);
        v2.Store(c + 8);
        v3.Store(c + 12);
    }

    /// <summary>C[6, 16] (+)= A[6, kc] B[kc, 16]: 12 accumulators, 2 loads of B and 6 broadcasts of A per depth step.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x16Vector256(int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int kk = 0; kk < kc; kk++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
            a += 6;
            b += PanelWidth;
        }

        if (!overwrite)
        {
            c00 += Vector256.Load(c); c01 += Vector256.Load(c + 8);
            c10 += Vector256.Load(c + ldc); c11 += Vector256.Load(c + ldc + 8);
            c20 += Vector256.Load(c + 2 * ldc); c21 += Vector256.Load(c + 2 * ldc + 8);
            c30 += Vector256.Load(c + 3 * ldc); c31 += Vector256.Load(c + 3 * ldc + 8);
            c40 += Vector256.Load(c + 4 * ldc); c41 += Vector256.Load(c + 4 * ldc + 8);
            c50 += Vector256.Load(c + 5 * ldc); c51 += Vector256.Load(c + 5 * ldc + 8);
        }

        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 8);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 8);
    }

    /// <summary>C[12, 16] (+)= A[12, kc] B[kc, 16]: 12 accumulators of 16 lanes, 1 load of B and 12 broadcasts of A per depth step.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile12x16Vector512(int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int kk = 0; kk < kc; kk++)
        {
            var bv = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), bv, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), bv, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), bv, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), bv, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), bv, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), bv, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), bv, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), bv, c7);
            c8 = Vector512.FusedMultiplyAdd(Vector512.Create(a[8]), bv, c8);
            c9 = Vector512.FusedMultiplyAdd(Vector512.Create(a[9]), bv, c9);
            c10 = Vector512.FusedMultiplyAdd(Vector512.Create(a[10]), bv, c10);
            c11 = Vector512.FusedMultiplyAdd(Vector512.Create(a[11]), bv, c11);
            a += 12;
            b += PanelWidth;
        }

        if (!overwrite)
        {
            c0 += Vector512.Load(c); c1 += Vector512.Load(c + ldc); c2 += Vector512.Load(c + 2 * ldc);
            c3 += Vector512.Load(c + 3 * ldc); c4 += Vector512.Load(c + 4 * ldc); c5 += Vector512.Load(c + 5 * ldc);
            c6 += Vector512.Load(c + 6 * ldc); c7 += Vector512.Load(c + 7 * ldc); c8 += Vector512.Load(c + 8 * ldc);
            c9 += Vector512.Load(c + 9 * ldc); c10 += Vector512.Load(c + 10 * ldc); c11 += Vector512.Load(c + 11 * ldc);
        }

        c0.Store(c); c1.Store(c + ldc); c2.Store(c + 2 * ldc); c3.Store(c + 3 * ldc);
        c4.Store(c + 4 * ldc); c5.Store(c + 5 * ldc); c6.Store(c + 6 * ldc); c7.Store(c + 7 * ldc);
        c8.Store(c + 8 * ldc); c9.Store(c + 9 * ldc); c10.Store(c + 10 * ldc); c11.Store(c + 11 * ldc);
    }
}
