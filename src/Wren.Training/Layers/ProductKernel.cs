using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Training.Layers;

/// <summary>
/// The two matrix products of the backward pass whose right operand is already laid out [depth, cols]:
/// C[i, j] += sum_r A(i, r) * B[r * ldb + j], where A(i, r) = a[i * aRowStride + r * aDepthStride].
/// With (aRowStride, aDepthStride) = (lda, 1) it is C += A B (input gradient dX += dY W);
/// with (1, lda) it is C += Aᵀ B (weight gradient dW += dYᵀ X). A register tile of 4 rows by
/// 2 vectors of C is kept in registers over a depth block; B is read a row at a time (contiguous),
/// A is broadcast. Every element of C is summed in the same order on every path and thread count,
/// so results do not depend on how rows and columns are split across threads.
/// </summary>
public static unsafe class ProductKernel
{
    /// <summary>Depth per block: the B panel of one block (256 x 32 floats) stays in L1/L2.</summary>
    public const int DepthBlock = 256;

    /// <summary>
    /// Adds the product for rows [row0, row1) and columns [col0, col1) of C.
    /// Shapes: C [rows, ldc], B [depth, ldb], A addressed by the two strides.
    /// </summary>
    public static void Accumulate(
        float* a, nint aRowStride, nint aDepthStride, float* b, nint ldb, float* c, nint ldc,
        int row0, int row1, int col0, int col1, int depth) =>
        Accumulate(SelectPath(), a, aRowStride, aDepthStride, b, ldb, c, ldc, row0, row1, col0, col1, depth);

    internal static TrainingKernelPath SelectPath() =>
        Vector512.IsHardwareAccelerated ? TrainingKernelPath.Vector512 : Vector256.IsHardwareAccelerated ? TrainingKernelPath.Vector256 : TrainingKernelPath.Scalar;

    internal static void Accumulate(
        TrainingKernelPath path, float* a, nint aRowStride, nint aDepthStride, float* b, nint ldb, float* c, nint ldc,
        int row0, int row1, int col0, int col1, int depth)
    {
        for (int r0 = 0; r0 < depth; r0 += DepthBlock)
        {
            int r1 = Math.Min(depth, r0 + DepthBlock);
            int j = col0;
            if (path == TrainingKernelPath.Vector512)
            {
                for (; j + 32 <= col1; j += 32)
                {
                    int i = row0;
                    for (; i + 4 <= row1; i += 4) Tile4x32Vector512(a, aRowStride, aDepthStride, b, ldb, c, ldc, i, j, r0, r1);
                    for (; i < row1; i++) ScalarColumns(a, aRowStride, aDepthStride, b, ldb, c, ldc, i, j, j + 32, r0, r1);
                }
            }
            else if (path == TrainingKernelPath.Vector256)
            {
                for (; j + 16 <= col1; j += 16)
                {
                    int i = row0;
                    for (; i + 4 <= row1; i += 4) Tile4x16Vector256(a, aRowStride, aDepthStride, b, ldb, c, ldc, i, j, r0, r1);
                    for (; i < row1; i++) ScalarColumns(a, aRowStride, aDepthStride, b, ldb, c, ldc, i, j, j + 16, r0, r1);
                }
            }

            if (j < col1)
            {
                for (int i = row0; i < row1; i++) ScalarColumns(a, aRowStride, aDepthStride, b, ldb, c, ldc, i, j, col1, r0, r1);
            }
        }
    }

    /// <summary>The reference: each C element summed over r in order, with a fused multiply-add per term (as the vector paths do).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScalarColumns(float* a, nint sI, nint sR, float* b, nint ldb, float* c, nint ldc, int i, int j0, int j1, int r0, int r1)
    {
        float* ai = a + i * sI;
        float* ci = c + i * ldc;
        for (int j = j0; j < j1; j++)
        {
            float acc = ci[j];
            for (int r = r0; r < r1; r++) acc = MathF.FusedMultiplyAdd(ai[r * sR], b[r * ldb + j], acc);
            ci[j] = acc;
        }
    }

    private static void Tile4x16Vector256(float* a, nint sI, nint sR, float* b, nint ldb, float* c, nint ldc, int i, int j, int r0, int r1)
    {
        float* c0 = c + i * ldc + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        Vector256<float> x00 = Vector256.Load(c0), x01 = Vector256.Load(c0 + 8);
        Vector256<float> x10 = Vector256.Load(c1), x11 = Vector256.Load(c1 + 8);
        Vector256<float> x20 = Vector256.Load(c2), x21 = Vector256.Load(c2 + 8);
        Vector256<float> x30 = Vector256.Load(c3), x31 = Vector256.Load(c3 + 8);
        float* a0 = a + i * sI;
        for (int r = r0; r < r1; r++)
        {
            float* br = b + r * ldb + j;
            var b0 = Vector256.Load(br);
            var b1 = Vector256.Load(br + 8);
            float* ar = a0 + r * sR;
            var s = Vector256.Create(ar[0]);
            x00 = Vector256.FusedMultiplyAdd(s, b0, x00);
            x01 = Vector256.FusedMultiplyAdd(s, b1, x01);
            s = Vector256.Create(ar[sI]);
            x10 = Vector256.FusedMultiplyAdd(s, b0, x10);
            x11 = Vector256.FusedMultiplyAdd(s, b1, x11);
            s = Vector256.Create(ar[2 * sI]);
            x20 = Vector256.FusedMultiplyAdd(s, b0, x20);
            x21 = Vector256.FusedMultiplyAdd(s, b1, x21);
            s = Vector256.Create(ar[3 * sI]);
            x30 = Vector256.FusedMultiplyAdd(s, b0, x30);
            x31 = Vector256.FusedMultiplyAdd(s, b1, x31);
        }

        x00.Store(c0); x01.Store(c0 + 8);
        x10.Store(c1); x11.Store(c1 + 8);
        x20.Store(c2); x21.Store(c2 + 8);
        x30.Store(c3); x31.Store(c3 + 8);
    }

    private static void Tile4x32Vector512(float* a, nint sI, nint sR, float* b, nint ldb, float* c, nint ldc, int i, int j, int r0, int r1)
    {
        float* c0 = c + i * ldc + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        Vector512<float> x00 = Vector512.Load(c0), x01 = Vector512.Load(c0 + 16);
        Vector512<float> x10 = Vector512.Load(c1), x11 = Vector512.Load(c1 + 16);
        Vector512<float> x20 = Vector512.Load(c2), x21 = Vector512.Load(c2 + 16);
        Vector512<float> x30 = Vector512.Load(c3), x31 = Vector512.Load(c3 + 16);
        float* a0 = a + i * sI;
        for (int r = r0; r < r1; r++)
        {
            float* br = b + r * ldb + j;
            var b0 = Vector512.Load(br);
            var b1 = Vector512.Load(br + 16);
            float* ar = a0 + r * sR;
            var s = Vector512.Create(ar[0]);
            x00 = Vector512.FusedMultiplyAdd(s, b0, x00);
            x01 = Vector512.FusedMultiplyAdd(s, b1, x01);
            s = Vector512.Create(ar[sI]);
            x10 = Vector512.FusedMultiplyAdd(s, b0, x10);
            x11 = Vector512.FusedMultiplyAdd(s, b1, x11);
            s = Vector512.Create(ar[2 * sI]);
            x20 = Vector512.FusedMultiplyAdd(s, b0, x20);
            x21 = Vector512.FusedMultiplyAdd(s, b1, x21);
            s = Vector512.Create(ar[3 * sI]);
            x30 = Vector512.FusedMultiplyAdd(s, b0, x30);
            x31 = Vector512.FusedMultiplyAdd(s, b1, x31);
        }

        x00.Store(c0); x01.Store(c0 + 16);
        x10.Store(c1); x11.Store(c1 + 16);
        x20.Store(c2); x21.Store(c2 + 16);
        x30.Store(c3); x31.Store(c3 + 16);
    }
}
