using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Matrix-vector product y = W x with W [N, K] row-major (the decode path: one token, every weight read
/// once). Four rows share each load of x; F16/BF16 weights are widened to float32 in registers, so
/// they stream half the bytes of F32. The row range is a parameter so that workers can split N.
/// </summary>
public static unsafe class MatVec
{
    /// <summary>y[n] = sum_k W[n, k] * x[k] for the rows [rowStart, rowEnd). Shapes: W [N, K], x [K], y [N].</summary>
    public static void Multiply(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int rowStart, int rowEnd)
    {
        if (x.Length < w.Cols) throw new ArgumentException($"x has {x.Length} elements, W has {w.Cols} columns", nameof(x));
        if (y.Length < w.Rows) throw new ArgumentException($"y has {y.Length} elements, W has {w.Rows} rows", nameof(y));
        if ((uint)rowStart > (uint)rowEnd || rowEnd > w.Rows) throw new ArgumentOutOfRangeException(nameof(rowEnd));
        ref byte wr = ref Unsafe.AsRef<byte>((void*)w.Data);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        switch (w.DType)
        {
            case WeightDType.F32: Dispatch<F32Loader>(ref wr, w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd); break;
            case WeightDType.F16: Dispatch<F16Loader>(ref wr, w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd); break;
            case WeightDType.BF16: Dispatch<BF16Loader>(ref wr, w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd); break;
        }
    }

    /// <summary>All rows: y = W x.</summary>
    public static void Multiply(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y) => Multiply(w, x, y, 0, w.Rows);

    private static void Dispatch<TL>(ref byte w, long rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        if (Vector512.IsHardwareAccelerated && k >= 16) Vector512Path<TL>(ref w, (nint)rowBytes, k, ref x, ref y, r0, r1);
        else if (Vector256.IsHardwareAccelerated && k >= 8) Vector256Path<TL>(ref w, (nint)rowBytes, k, ref x, ref y, r0, r1);
        else ScalarPath<TL>(ref w, (nint)rowBytes, k, ref x, ref y, r0, r1);
    }

    /// <summary>The reference: one multiply-add per element, in order.</summary>
    internal static void ScalarPath<TL>(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            float sum = 0;
            for (nint i = 0; i < k; i++) sum += TL.Load(ref row, i) * Unsafe.Add(ref x, i);
            Unsafe.Add(ref y, r) = sum;
        }
    }

    internal static void Vector256Path<TL>(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        int r = r0;
        nint kv = k & ~7;
        for (; r + 4 <= r1; r += 4)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            nint i = 0;
            for (; i < kv; i += 8)
            {
                var xv = Vector256.LoadUnsafe(ref x, (nuint)i);
                a0 = Vector256.FusedMultiplyAdd(TL.Load256(ref w0, i), xv, a0);
                a1 = Vector256.FusedMultiplyAdd(TL.Load256(ref w1, i), xv, a1);
                a2 = Vector256.FusedMultiplyAdd(TL.Load256(ref w2, i), xv, a2);
                a3 = Vector256.FusedMultiplyAdd(TL.Load256(ref w3, i), xv, a3);
            }

            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (; i < k; i++)
            {
                float xi = Unsafe.Add(ref x, i);
                s0 += TL.Load(ref w0, i) * xi;
                s1 += TL.Load(ref w1, i) * xi;
                s2 += TL.Load(ref w2, i) * xi;
                s3 += TL.Load(ref w3, i) * xi;
            }

            Unsafe.Add(ref y, r) = s0;
            Unsafe.Add(ref y, r + 1) = s1;
            Unsafe.Add(ref y, r + 2) = s2;
            Unsafe.Add(ref y, r + 3) = s3;
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector256<float> a0 = default;
            nint i = 0;
            for (; i < kv; i += 8) a0 = Vector256.FusedMultiplyAdd(TL.Load256(ref w0, i), Vector256.LoadUnsafe(ref x, (nuint)i), a0);
            float s0 = Vector256.Sum(a0);
            for (; i < k; i++) s0 += TL.Load(ref w0, i) * Unsafe.Add(ref x, i);
            Unsafe.Add(ref y, r) = s0;
        }
    }

    internal static void Vector512Path<TL>(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        int r = r0;
        nint kv = k & ~15;
        for (; r + 4 <= r1; r += 4)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            nint i = 0;
            for (; i < kv; i += 16)
            {
                var xv = Vector512.LoadUnsafe(ref x, (nuint)i);
                a0 = Vector512.FusedMultiplyAdd(TL.Load512(ref w0, i), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(TL.Load512(ref w1, i), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(TL.Load512(ref w2, i), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(TL.Load512(ref w3, i), xv, a3);
            }

            float s0 = Vector512.Sum(a0), s1 = Vector512.Sum(a1), s2 = Vector512.Sum(a2), s3 = Vector512.Sum(a3);
            for (; i < k; i++)
            {
                float xi = Unsafe.Add(ref x, i);
                s0 += TL.Load(ref w0, i) * xi;
                s1 += TL.Load(ref w1, i) * xi;
                s2 += TL.Load(ref w2, i) * xi;
                s3 += TL.Load(ref w3, i) * xi;
            }

            Unsafe.Add(ref y, r) = s0;
            Unsafe.Add(ref y, r + 1) = s1;
            Unsafe.Add(ref y, r + 2) = s2;
            Unsafe.Add(ref y, r + 3) = s3;
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector512<float> a0 = default;
            nint i = 0;
            for (; i < kv; i += 16) a0 = Vector512.FusedMultiplyAdd(TL.Load512(ref w0, i), Vector512.LoadUnsafe(ref x, (nuint)i), a0);
            float s0 = Vector512.Sum(a0);
            for (; i < k; i++) s0 += TL.Load(ref w0, i) * Unsafe.Add(ref x, i);
            Unsafe.Add(ref y, r) = s0;
        }
    }
}
