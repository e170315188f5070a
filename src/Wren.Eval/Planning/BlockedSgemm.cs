using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wren.Eval.Planning;

/// <summary>
/// Row-major single-precision matrix multiply C[M,N] = A[M,K]·B[K,N], register-blocked: a micro-tile
/// of 4 rows x 2 vectors of C stays in registers for the whole K loop, so each B load feeds 4 FMAs.
/// It exists to measure what this CPU's matmuls can sustain for <c>wren plan --measure</c>; the
/// scalar version is the reference the vector paths are tested against.
/// </summary>
public static class BlockedSgemm
{
    private const int TileRows = 4;

    /// <summary>The widest path <see cref="MultiplyRows"/> will take on this machine.</summary>
    public static string SimdPath =>
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "scalar";

    /// <summary>C = A·B for all rows. A: [M,K], B: [K,N], C: [M,N], row-major.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n) =>
        MultiplyRows(a, b, c, m, k, n, 0, m);

    /// <summary>Rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of C = A·B, so callers can split rows over threads.</summary>
    public static void MultiplyRows(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, int rowStart, int rowEnd)
    {
        CheckShapes(a, b, c, m, k, n, rowStart, rowEnd);
        int row = rowStart;
        if (Vector512.IsHardwareAccelerated)
        {
            row = Tiles512(a, b, c, k, n, rowStart, rowEnd);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            row = Tiles256(a, b, c, k, n, rowStart, rowEnd);
        }
        // Rows left over from the 4-row tiles: plain scalar.
        MultiplyScalar(a, b, c, k, n, row, rowEnd, 0, n);
    }

    /// <summary>The reference: C[i,j] = sum_p A[i,p]·B[p,j], in order, for all rows and columns.</summary>
    public static void MultiplyReference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        CheckShapes(a, b, c, m, k, n, 0, m);
        MultiplyScalar(a, b, c, k, n, 0, m, 0, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyScalar(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int k, int n, int rowStart, int rowEnd, int colStart, int colEnd)
    {
        for (int i = rowStart; i < rowEnd; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * k, k);
            for (int j = colStart; j < colEnd; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum = MathF.FusedMultiplyAdd(aRow[p], b[p * n + j], sum);
                }
                c[i * n + j] = sum;
            }
        }
    }

    // AggressiveOptimization: the probe times these on their first calls, before tiered JIT would optimize them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Tiles256(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int k, int n, int rowStart, int rowEnd)
    {
        int w = Vector256<float>.Count;
        int tileCols = 2 * w;
        int fullCols = n / tileCols * tileCols;
        int i = rowStart;
        for (; i + TileRows <= rowEnd; i += TileRows)
        {
            ReadOnlySpan<float> a0 = a.Slice(i * k, k);
            ReadOnlySpan<float> a1 = a.Slice((i + 1) * k, k);
            ReadOnlySpan<float> a2 = a.Slice((i + 2) * k, k);
            ReadOnlySpan<float> a3 = a.Slice((i + 3) * k, k);
            for (int j = 0; j < fullCols; j += tileCols)
            {
                Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
                Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
                Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
                Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
                for (int p = 0; p < k; p++)
                {
                    ReadOnlySpan<float> bRow = b.Slice(p * n + j, tileCols);
                    Vector256<float> b0 = Vector256.Create(bRow);
                    Vector256<float> b1 = Vector256.Create(bRow[w..]);
                    Vector256<float> x0 = Vector256.Create(a0[p]);
                    Vector256<float> x1 = Vector256.Create(a1[p]);
                    Vector256<float> x2 = Vector256.Create(a2[p]);
                    Vector256<float> x3 = Vector256.Create(a3[p]);
                    c00 = MulAdd(x0, b0, c00); c01 = MulAdd(x0, b1, c01);
                    c10 = MulAdd(x1, b0, c10); c11 = MulAdd(x1, b1, c11);
                    c20 = MulAdd(x2, b0, c20); c21 = MulAdd(x2, b1, c21);
                    c30 = MulAdd(x3, b0, c30); c31 = MulAdd(x3, b1, c31);
                }
                c00.CopyTo(c.Slice(i * n + j)); c01.CopyTo(c.Slice(i * n + j + w));
                c10.CopyTo(c.Slice((i + 1) * n + j)); c11.CopyTo(c.Slice((i + 1) * n + j + w));
                c20.CopyTo(c.Slice((i + 2) * n + j)); c21.CopyTo(c.Slice((i + 2) * n + j + w));
                c30.CopyTo(c.Slice((i + 3) * n + j)); c31.CopyTo(c.Slice((i + 3) * n + j + w));
            }
            MultiplyScalar(a, b, c, k, n, i, i + TileRows, fullCols, n);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Tiles512(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int k, int n, int rowStart, int rowEnd)
    {
        int w = Vector512<float>.Count;
        int tileCols = 2 * w;
        int fullCols = n / tileCols * tileCols;
        int i = rowStart;
        for (; i + TileRows <= rowEnd; i += TileRows)
        {
            ReadOnlySpan<float> a0 = a.Slice(i * k, k);
            ReadOnlySpan<float> a1 = a.Slice((i + 1) * k, k);
            ReadOnlySpan<float> a2 = a.Slice((i + 2) * k, k);
            ReadOnlySpan<float> a3 = a.Slice((i + 3) * k, k);
            for (int j = 0; j < fullCols; j += tileCols)
            {
                Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
                Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
                Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
                Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
                for (int p = 0; p < k; p++)
                {
                    ReadOnlySpan<float> bRow = b.Slice(p * n + j, tileCols);
                    Vector512<float> b0 = Vector512.Create(bRow);
                    Vector512<float> b1 = Vector512.Create(bRow[w..]);
                    Vector512<float> x0 = Vector512.Create(a0[p]);
                    Vector512<float> x1 = Vector512.Create(a1[p]);
                    Vector512<float> x2 = Vector512.Create(a2[p]);
                    Vector512<float> x3 = Vector512.Create(a3[p]);
                    c00 = Vector512.FusedMultiplyAdd(x0, b0, c00); c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
                    c10 = Vector512.FusedMultiplyAdd(x1, b0, c10); c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
                    c20 = Vector512.FusedMultiplyAdd(x2, b0, c20); c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
                    c30 = Vector512.FusedMultiplyAdd(x3, b0, c30); c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
                }
                c00.CopyTo(c.Slice(i * n + j)); c01.CopyTo(c.Slice(i * n + j + w));
                c10.CopyTo(c.Slice((i + 1) * n + j)); c11.CopyTo(c.Slice((i + 1) * n + j + w));
                c20.CopyTo(c.Slice((i + 2) * n + j)); c21.CopyTo(c.Slice((i + 2) * n + j + w));
                c30.CopyTo(c.Slice((i + 3) * n + j)); c31.CopyTo(c.Slice((i + 3) * n + j + w));
            }
            MultiplyScalar(a, b, c, k, n, i, i + TileRows, fullCols, n);
        }
        return i;
    }

    // Hardware FMA where there is one (a single rounding, like the scalar reference); multiply-then-add otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : x * y + acc;

    private static void CheckShapes(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, int rowStart, int rowEnd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException($"spans too short for [{m},{k}]x[{k},{n}]");
        }
        if (rowStart < 0 || rowEnd > m || rowStart > rowEnd)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart},{rowEnd}) outside [0,{m})");
        }
    }
}
