using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
            case WeightDType.F16 when KernelPaths.Widest == KernelPath.Vector256 && Avx2.IsSupported && Fma.IsSupported && w.Cols >= 16:
                F16Avx2Path(ref wr, (nint)w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd);
                break;
            case WeightDType.F16 when KernelPaths.Widest == KernelPath.Vector512 && w.Cols >= 16:
                F16Vector512Path(ref wr, (nint)w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd);
                break;
            case WeightDType.F16 when KernelPaths.Widest == KernelPath.Vector128 && w.Cols >= 8:
                F16Vector128Path(ref wr, (nint)w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd);
                break;
            case WeightDType.F16: Dispatch<F16Loader>(ref wr, w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd); break;
            case WeightDType.BF16: Dispatch<BF16Loader>(ref wr, w.RowBytes, w.Cols, ref xr, ref yr, rowStart, rowEnd); break;
            default:
                // Quantized weights: the activation goes to Q8_0 (Q8_K for K-quants) once per call (callers splitting rows over
                // workers quantize once and call QuantizedMatVec directly, as LinearWork does).
                if (!QuantizedMatVec.UsesQuantizedActivation(w.DType))
                {
                    QuantizedMatVec.Multiply(w, x, ReadOnlySpan<byte>.Empty, y, rowStart, rowEnd);
                    break;
                }

                byte[] xq = System.Buffers.ArrayPool<byte>.Shared.Rent(QuantizedMatVec.ActivationBytes(w.DType, w.Cols));
                QuantizedMatVec.QuantizeActivation(w.DType, x[..w.Cols], xq);
                QuantizedMatVec.Multiply(w, x, xq, y, rowStart, rowEnd);
                System.Buffers.ArrayPool<byte>.Shared.Return(xq);
                break;
        }
    }

    /// <summary>All rows: y = W x.</summary>
    public static void Multiply(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y) => Multiply(w, x, y, 0, w.Rows);

    private static void Dispatch<TL>(ref byte w, long rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        switch (KernelPaths.Fit(KernelPaths.Widest, k))
        {
            case KernelPath.Vector512: Vector512Path<TL>(ref w, (nint)rowBytes, k, ref x, ref y, r0, r1); break;
            case KernelPath.Vector256: Vector256Path<TL>(ref w, (nint)rowBytes, k, ref x, ref y, r0, r1); break;
            case KernelPath.Vector128 when k >= 4: Vector128Path<TL>(ref w, (nint)rowBytes, k, ref x, ref y, r0, r1); break;
            default: ScalarPath<TL>(ref w, (nint)rowBytes, k, ref x, ref y, r0, r1); break;
        }
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

    // Every vector path ends a row on the last vector of it, overlapping the one before, against a copy of x's last
    // vector with the lanes already summed set to zero: the tail goes through the same multiply-adds as the body.

    /// <summary>
    /// 128-bit vectors (ARM64's NEON, x86 without AVX2): four rows share each load of x, two accumulators per row keep eight
    /// multiply-add chains in flight. MultiplyAddEstimate is one FMLA/VFMADD where the hardware fuses and a multiply and an
    /// add where it does not (SSE), rather than .NET's emulated FusedMultiplyAdd. Needs k &gt;= 4.
    /// </summary>
    internal static void Vector128Path<TL>(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        int r = r0;
        nint k8 = k & ~7, k4 = k & ~3, last = k - 4;
        int rest = k - (int)k4;
        var xLast = rest > 0 ? Vector128.LoadUnsafe(ref x, (nuint)last) & KernelPaths.LastLanes128(rest) : default;
        for (; r + 4 <= r1; r += 4)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector128<float> b0 = default, b1 = default, b2 = default, b3 = default;
            nint i = 0;
            for (; i < k8; i += 8)
            {
                var xa = Vector128.LoadUnsafe(ref x, (nuint)i);
                var xb = Vector128.LoadUnsafe(ref x, (nuint)(i + 4));
                a0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, i), xa, a0);
                b0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, i + 4), xb, b0);
                a1 = Vector128.MultiplyAddEstimate(TL.Load128(ref w1, i), xa, a1);
                b1 = Vector128.MultiplyAddEstimate(TL.Load128(ref w1, i + 4), xb, b1);
                a2 = Vector128.MultiplyAddEstimate(TL.Load128(ref w2, i), xa, a2);
                b2 = Vector128.MultiplyAddEstimate(TL.Load128(ref w2, i + 4), xb, b2);
                a3 = Vector128.MultiplyAddEstimate(TL.Load128(ref w3, i), xa, a3);
                b3 = Vector128.MultiplyAddEstimate(TL.Load128(ref w3, i + 4), xb, b3);
            }

            if (i < k4)
            {
                var xa = Vector128.LoadUnsafe(ref x, (nuint)i);
                a0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, i), xa, a0);
                a1 = Vector128.MultiplyAddEstimate(TL.Load128(ref w1, i), xa, a1);
                a2 = Vector128.MultiplyAddEstimate(TL.Load128(ref w2, i), xa, a2);
                a3 = Vector128.MultiplyAddEstimate(TL.Load128(ref w3, i), xa, a3);
            }

            if (rest > 0)
            {
                b0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, last), xLast, b0);
                b1 = Vector128.MultiplyAddEstimate(TL.Load128(ref w1, last), xLast, b1);
                b2 = Vector128.MultiplyAddEstimate(TL.Load128(ref w2, last), xLast, b2);
                b3 = Vector128.MultiplyAddEstimate(TL.Load128(ref w3, last), xLast, b3);
            }

            Unsafe.Add(ref y, r) = Vector128.Sum(a0 + b0);
            Unsafe.Add(ref y, r + 1) = Vector128.Sum(a1 + b1);
            Unsafe.Add(ref y, r + 2) = Vector128.Sum(a2 + b2);
            Unsafe.Add(ref y, r + 3) = Vector128.Sum(a3 + b3);
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector128<float> a0 = default, b0 = default;
            nint i = 0;
            for (; i < k8; i += 8)
            {
                a0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, i), Vector128.LoadUnsafe(ref x, (nuint)i), a0);
                b0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, i + 4), Vector128.LoadUnsafe(ref x, (nuint)(i + 4)), b0);
            }

            if (i < k4) a0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, i), Vector128.LoadUnsafe(ref x, (nuint)i), a0);
            if (rest > 0) b0 = Vector128.MultiplyAddEstimate(TL.Load128(ref w0, last), xLast, b0);
            Unsafe.Add(ref y, r) = Vector128.Sum(a0 + b0);
        }
    }

    /// <summary>Prefetches (into L1) the byte <paramref name="at"/> bytes past each of four rows: the next group's rows, where this one reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchFourRows(ref byte w0, ref byte w1, ref byte w2, ref byte w3, nint at)
    {
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w0, at)));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w1, at)));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w2, at)));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w3, at)));
    }

    /// <summary>256-bit vectors (AVX2): four rows share each load of x; the next four rows are prefetched. Needs k &gt;= 8.</summary>
    internal static unsafe void Vector256Path<TL>(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        int r = r0;
        nint kv = k & ~7, last = k - 8;
        int rest = k - (int)kv;
        var xLast = rest > 0 ? Vector256.LoadUnsafe(ref x, (nuint)last) & KernelPaths.LastLanes256(rest) : default;
        nint ahead = 4 * rowBytes;
        for (; r + 4 <= r1; r += 4)
        {
            bool prefetch = Sse.IsSupported && r + 8 <= r1;
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            nint i = 0;
            for (; i < kv; i += 8)
            {
                var xv = Vector256.LoadUnsafe(ref x, (nuint)i);
                if (prefetch) PrefetchFourRows(ref w0, ref w1, ref w2, ref w3, ahead + i * TL.ElementSize); // the next four rows (see F16Avx2Path)

                a0 = Vector256.FusedMultiplyAdd(TL.Load256(ref w0, i), xv, a0);
                a1 = Vector256.FusedMultiplyAdd(TL.Load256(ref w1, i), xv, a1);
                a2 = Vector256.FusedMultiplyAdd(TL.Load256(ref w2, i), xv, a2);
                a3 = Vector256.FusedMultiplyAdd(TL.Load256(ref w3, i), xv, a3);
            }

            if (rest > 0)
            {
                a0 = Vector256.FusedMultiplyAdd(TL.Load256(ref w0, last), xLast, a0);
                a1 = Vector256.FusedMultiplyAdd(TL.Load256(ref w1, last), xLast, a1);
                a2 = Vector256.FusedMultiplyAdd(TL.Load256(ref w2, last), xLast, a2);
                a3 = Vector256.FusedMultiplyAdd(TL.Load256(ref w3, last), xLast, a3);
            }

            Unsafe.Add(ref y, r) = Vector256.Sum(a0);
            Unsafe.Add(ref y, r + 1) = Vector256.Sum(a1);
            Unsafe.Add(ref y, r + 2) = Vector256.Sum(a2);
            Unsafe.Add(ref y, r + 3) = Vector256.Sum(a3);
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector256<float> a0 = default;
            nint i = 0;
            for (; i < kv; i += 8) a0 = Vector256.FusedMultiplyAdd(TL.Load256(ref w0, i), Vector256.LoadUnsafe(ref x, (nuint)i), a0);
            if (rest > 0) a0 = Vector256.FusedMultiplyAdd(TL.Load256(ref w0, last), xLast, a0);
            Unsafe.Add(ref y, r) = Vector256.Sum(a0);
        }
    }

    /// <summary>
    /// 512-bit vectors (AVX-512): four rows share each load of x; the next four rows are prefetched at the place being read
    /// in these (as <see cref="Vector256Path"/> does: each row is a short stream that the hardware prefetcher picks up only
    /// after it has started, which left F32 decode at 64-85 % of copy bandwidth without it). Needs k &gt;= 16.
    /// </summary>
    internal static unsafe void Vector512Path<TL>(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1) where TL : struct, IWeightLoader
    {
        int r = r0;
        nint kv = k & ~15, last = k - 16;
        int rest = k - (int)kv;
        var xLast = rest > 0 ? Vector512.LoadUnsafe(ref x, (nuint)last) & KernelPaths.LastLanes512(rest) : default;
        nint ahead = 4 * rowBytes;
        for (; r + 4 <= r1; r += 4)
        {
            bool prefetch = Sse.IsSupported && r + 8 <= r1;
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            nint i = 0;
            for (; i < kv; i += 16)
            {
                var xv = Vector512.LoadUnsafe(ref x, (nuint)i);
                // 16 elements of a row are one line of F32 (half a line of F16/BF16, prefetched twice: a no-op).
                if (prefetch) PrefetchFourRows(ref w0, ref w1, ref w2, ref w3, ahead + i * TL.ElementSize);

                a0 = Vector512.FusedMultiplyAdd(TL.Load512(ref w0, i), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(TL.Load512(ref w1, i), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(TL.Load512(ref w2, i), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(TL.Load512(ref w3, i), xv, a3);
            }

            if (rest > 0)
            {
                a0 = Vector512.FusedMultiplyAdd(TL.Load512(ref w0, last), xLast, a0);
                a1 = Vector512.FusedMultiplyAdd(TL.Load512(ref w1, last), xLast, a1);
                a2 = Vector512.FusedMultiplyAdd(TL.Load512(ref w2, last), xLast, a2);
                a3 = Vector512.FusedMultiplyAdd(TL.Load512(ref w3, last), xLast, a3);
            }

            Unsafe.Add(ref y, r) = Vector512.Sum(a0);
            Unsafe.Add(ref y, r + 1) = Vector512.Sum(a1);
            Unsafe.Add(ref y, r + 2) = Vector512.Sum(a2);
            Unsafe.Add(ref y, r + 3) = Vector512.Sum(a3);
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector512<float> a0 = default;
            nint i = 0;
            for (; i < kv; i += 16) a0 = Vector512.FusedMultiplyAdd(TL.Load512(ref w0, i), Vector512.LoadUnsafe(ref x, (nuint)i), a0);
            if (rest > 0) a0 = Vector512.FusedMultiplyAdd(TL.Load512(ref w0, last), xLast, a0);
            Unsafe.Add(ref y, r) = Vector512.Sum(a0);
        }
    }

    // x is scaled up by 2^56 and each F16 weight becomes the float w * 2^-112, so every product is
    // w * x * 2^-56 and the sum is scaled back by 2^56 (exact power-of-two scalings: the same roundings as
    // the unscaled products, away from float's range limits for any activation under 2^72).
    private const float TwoPow56 = 72057594037927936f;

    /// <summary>
    /// F16 weights on AVX2 without F16C (which .NET does not expose): a half h, sign-extended to 32 bits,
    /// shifted left by 13 and masked, is the float32 h * 2^-112 for normals and subnormals alike, so the
    /// widening costs a shift and an AND instead of HalfConversion's five operations; the 2^112 goes into
    /// a copy of x (scaled by 2^56) and the row sums (scaled by 2^56). Four rows share each load of x, two
    /// accumulators per row keep eight FMA chains in flight. Rows holding F16 infinities or NaNs (which no
    /// trained model has) give large finite sums instead of inf/NaN.
    /// </summary>
    internal static unsafe void F16Avx2Path(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1)
    {
        float[]? rented = k > 8192 ? System.Buffers.ArrayPool<float>.Shared.Rent(k) : null;
        Span<float> scaled = rented is null ? stackalloc float[k] : rented.AsSpan(0, k);
        ref float xs = ref MemoryMarshal.GetReference(scaled);
        int j = 0;
        for (; j + 8 <= k; j += 8) (Vector256.LoadUnsafe(ref x, (nuint)j) * TwoPow56).StoreUnsafe(ref xs, (nuint)j);
        for (; j < k; j++) Unsafe.Add(ref xs, j) = Unsafe.Add(ref x, j) * TwoPow56;

        nint k16 = k & ~15, k8 = k & ~7, last = k - 8;
        int rest = k - (int)k8;
        var mask = Vector256.Create(unchecked((int)0x8FFFE000));
        var xLast = rest > 0 ? Vector256.LoadUnsafe(ref xs, (nuint)last) & KernelPaths.LastLanes256(rest) : default;
        int r = r0;
        nint ahead = 4 * rowBytes;
        // Short rows (up to 1,024 halves): the next four rows are one 8 KB run, prefetched front to back, two lines
        // per step, so that it is all in cache when this group ends. Longer rows: each of the next four rows at the
        // place being read in this one. Measured on the bench machine (bytes per CPU-second, 1 and 2 threads),
        // the run was 15-35 % faster for 288-, 768- and 896-wide rows and the per-row prefetch 10-15 % faster for
        // 1,536- and 2,048-wide ones.
        bool linear = rowBytes <= 2048;
        for (; r + 4 <= r1; r += 4)
        {
            bool prefetch = r + 8 <= r1;
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            ref byte next = ref Unsafe.Add(ref w0, ahead);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            nint i = 0;
            for (; i < k16; i += 16)
            {
                var xa = Vector256.LoadUnsafe(ref xs, (nuint)i);
                var xb = Vector256.LoadUnsafe(ref xs, (nuint)(i + 8));
                if (linear)
                {
                    // 16 halves of each of 4 rows read = 128 bytes; the next group is 4 rows long: 8 bytes per half.
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref next, i * 8)));
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref next, i * 8 + 64)));
                }
                else if (prefetch)
                {
                    // The next four rows, at the same place: rows are short streams that the hardware
                    // prefetcher would only pick up after they started.
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w0, ahead + i * 2)));
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w1, ahead + i * 2)));
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w2, ahead + i * 2)));
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w3, ahead + i * 2)));
                }

                a0 = Fma.MultiplyAdd(HalfScaled(ref w0, i, mask), xa, a0);
                b0 = Fma.MultiplyAdd(HalfScaled(ref w0, i + 8, mask), xb, b0);
                a1 = Fma.MultiplyAdd(HalfScaled(ref w1, i, mask), xa, a1);
                b1 = Fma.MultiplyAdd(HalfScaled(ref w1, i + 8, mask), xb, b1);
                a2 = Fma.MultiplyAdd(HalfScaled(ref w2, i, mask), xa, a2);
                b2 = Fma.MultiplyAdd(HalfScaled(ref w2, i + 8, mask), xb, b2);
                a3 = Fma.MultiplyAdd(HalfScaled(ref w3, i, mask), xa, a3);
                b3 = Fma.MultiplyAdd(HalfScaled(ref w3, i + 8, mask), xb, b3);
            }

            for (; i < k8; i += 8)
            {
                var xa = Vector256.LoadUnsafe(ref xs, (nuint)i);
                a0 = Fma.MultiplyAdd(HalfScaled(ref w0, i, mask), xa, a0);
                a1 = Fma.MultiplyAdd(HalfScaled(ref w1, i, mask), xa, a1);
                a2 = Fma.MultiplyAdd(HalfScaled(ref w2, i, mask), xa, a2);
                a3 = Fma.MultiplyAdd(HalfScaled(ref w3, i, mask), xa, a3);
            }

            if (rest > 0)
            {
                // The last eight halves of each row against x's last eight with the lanes already summed zeroed.
                b0 = Fma.MultiplyAdd(HalfScaled(ref w0, last, mask), xLast, b0);
                b1 = Fma.MultiplyAdd(HalfScaled(ref w1, last, mask), xLast, b1);
                b2 = Fma.MultiplyAdd(HalfScaled(ref w2, last, mask), xLast, b2);
                b3 = Fma.MultiplyAdd(HalfScaled(ref w3, last, mask), xLast, b3);
            }

            Unsafe.Add(ref y, r) = Vector256.Sum(a0 + b0) * TwoPow56;
            Unsafe.Add(ref y, r + 1) = Vector256.Sum(a1 + b1) * TwoPow56;
            Unsafe.Add(ref y, r + 2) = Vector256.Sum(a2 + b2) * TwoPow56;
            Unsafe.Add(ref y, r + 3) = Vector256.Sum(a3 + b3) * TwoPow56;
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector256<float> a0 = default;
            nint i = 0;
            for (; i < k8; i += 8) a0 = Fma.MultiplyAdd(HalfScaled(ref w0, i, mask), Vector256.LoadUnsafe(ref xs, (nuint)i), a0);
            if (rest > 0) a0 = Fma.MultiplyAdd(HalfScaled(ref w0, last, mask), xLast, a0);
            Unsafe.Add(ref y, r) = Vector256.Sum(a0) * TwoPow56;
        }

        if (rented is not null) System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>
    /// F16 weights with AVX-512: <see cref="F16Avx2Path"/>'s shift-and-mask widening, sixteen halves of each of four rows
    /// per step against a copy of x scaled by 2^56 (the general loader's re-bias multiply and infinity fix-up measured about
    /// a third of this rate on an AVX-512 EPYC). Needs k &gt;= 16. Rows holding F16 infinities or NaNs give large finite sums.
    /// </summary>
    internal static void F16Vector512Path(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1)
    {
        float[]? rented = k > 8192 ? System.Buffers.ArrayPool<float>.Shared.Rent(k) : null;
        Span<float> scaled = rented is null ? stackalloc float[k] : rented.AsSpan(0, k);
        ref float xs = ref MemoryMarshal.GetReference(scaled);
        int j = 0;
        for (; j + 16 <= k; j += 16) (Vector512.LoadUnsafe(ref x, (nuint)j) * TwoPow56).StoreUnsafe(ref xs, (nuint)j);
        for (; j < k; j++) Unsafe.Add(ref xs, j) = Unsafe.Add(ref x, j) * TwoPow56;

        nint k16 = k & ~15, last = k - 16;
        int rest = k - (int)k16;
        var mask = Vector512.Create(unchecked((int)0x8FFFE000));
        var xLast = rest > 0 ? Vector512.LoadUnsafe(ref xs, (nuint)last) & KernelPaths.LastLanes512(rest) : default;
        int r = r0;
        for (; r + 4 <= r1; r += 4)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (nint i = 0; i < k16; i += 16)
            {
                var xv = Vector512.LoadUnsafe(ref xs, (nuint)i);
                a0 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w0, i, mask), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w1, i, mask), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w2, i, mask), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w3, i, mask), xv, a3);
            }

            if (rest > 0)
            {
                a0 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w0, last, mask), xLast, a0);
                a1 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w1, last, mask), xLast, a1);
                a2 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w2, last, mask), xLast, a2);
                a3 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w3, last, mask), xLast, a3);
            }

            Unsafe.Add(ref y, r) = Vector512.Sum(a0) * TwoPow56;
            Unsafe.Add(ref y, r + 1) = Vector512.Sum(a1) * TwoPow56;
            Unsafe.Add(ref y, r + 2) = Vector512.Sum(a2) * TwoPow56;
            Unsafe.Add(ref y, r + 3) = Vector512.Sum(a3) * TwoPow56;
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector512<float> a0 = default;
            for (nint i = 0; i < k16; i += 16) a0 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w0, i, mask), Vector512.LoadUnsafe(ref xs, (nuint)i), a0);
            if (rest > 0) a0 = Vector512.FusedMultiplyAdd(HalfScaled512(ref w0, last, mask), xLast, a0);
            Unsafe.Add(ref y, r) = Vector512.Sum(a0) * TwoPow56;
        }

        if (rented is not null) System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>Sixteen F16 values at element <paramref name="i"/> of the row as float32 times 2^-112 (VPMOVSXWD, shift, AND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> HalfScaled512(ref byte row, nint i, Vector512<int> mask)
    {
        var halves = Vector256.LoadUnsafe(ref Unsafe.As<byte, short>(ref Unsafe.Add(ref row, i * 2)));
        var widened = Avx512F.IsSupported ? Avx512F.ConvertToVector512Int32(halves) : Vector512.Create(Vector256.WidenLower(halves), Vector256.WidenUpper(halves));
        return ((widened << 13) & mask).AsSingle();
    }

    /// <summary>
    /// F16 weights in 128-bit vectors (ARM64's NEON; .NET exposes no FCVTL for halves): <see cref="F16Avx2Path"/>'s
    /// shift-and-mask widening (sign-extend, shift left by 13, AND) against a copy of x scaled by 2^56, with sums scaled
    /// back; eight halves of each of four rows per step (one 16-byte load, SXTL and SXTL2), eight accumulators.
    /// Needs k &gt;= 8. As there, rows holding F16 infinities or NaNs give large finite sums.
    /// </summary>
    internal static void F16Vector128Path(ref byte w, nint rowBytes, int k, ref float x, ref float y, int r0, int r1)
    {
        float[]? rented = k > 8192 ? System.Buffers.ArrayPool<float>.Shared.Rent(k) : null;
        Span<float> scaled = rented is null ? stackalloc float[k] : rented.AsSpan(0, k);
        ref float xs = ref MemoryMarshal.GetReference(scaled);
        int j = 0;
        for (; j + 4 <= k; j += 4) (Vector128.LoadUnsafe(ref x, (nuint)j) * TwoPow56).StoreUnsafe(ref xs, (nuint)j);
        for (; j < k; j++) Unsafe.Add(ref xs, j) = Unsafe.Add(ref x, j) * TwoPow56;

        nint k8 = k & ~7, last = k - 8;
        int rest = k - (int)k8;
        var mask = Vector128.Create(unchecked((int)0x8FFFE000));
        // The last eight halves of a row against x's last eight with the lanes already summed zeroed.
        var lastA = rest > 4 ? Vector128.LoadUnsafe(ref xs, (nuint)last) & KernelPaths.LastLanes128(rest - 4) : default;
        var lastB = rest >= 4 ? Vector128.LoadUnsafe(ref xs, (nuint)(last + 4))
            : rest > 0 ? Vector128.LoadUnsafe(ref xs, (nuint)(last + 4)) & KernelPaths.LastLanes128(rest)
            : default;
        int r = r0;
        for (; r + 4 <= r1; r += 4)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector128<float> b0 = default, b1 = default, b2 = default, b3 = default;
            for (nint i = 0; i < k8; i += 8)
            {
                var xa = Vector128.LoadUnsafe(ref xs, (nuint)i);
                var xb = Vector128.LoadUnsafe(ref xs, (nuint)(i + 4));
                Accumulate8(ref w0, i, mask, xa, xb, ref a0, ref b0);
                Accumulate8(ref w1, i, mask, xa, xb, ref a1, ref b1);
                Accumulate8(ref w2, i, mask, xa, xb, ref a2, ref b2);
                Accumulate8(ref w3, i, mask, xa, xb, ref a3, ref b3);
            }

            if (rest > 0)
            {
                Accumulate8(ref w0, last, mask, lastA, lastB, ref a0, ref b0);
                Accumulate8(ref w1, last, mask, lastA, lastB, ref a1, ref b1);
                Accumulate8(ref w2, last, mask, lastA, lastB, ref a2, ref b2);
                Accumulate8(ref w3, last, mask, lastA, lastB, ref a3, ref b3);
            }

            Unsafe.Add(ref y, r) = Vector128.Sum(a0 + b0) * TwoPow56;
            Unsafe.Add(ref y, r + 1) = Vector128.Sum(a1 + b1) * TwoPow56;
            Unsafe.Add(ref y, r + 2) = Vector128.Sum(a2 + b2) * TwoPow56;
            Unsafe.Add(ref y, r + 3) = Vector128.Sum(a3 + b3) * TwoPow56;
        }

        for (; r < r1; r++)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            Vector128<float> a0 = default, b0 = default;
            for (nint i = 0; i < k8; i += 8) Accumulate8(ref w0, i, mask, Vector128.LoadUnsafe(ref xs, (nuint)i), Vector128.LoadUnsafe(ref xs, (nuint)(i + 4)), ref a0, ref b0);
            if (rest > 0) Accumulate8(ref w0, last, mask, lastA, lastB, ref a0, ref b0);
            Unsafe.Add(ref y, r) = Vector128.Sum(a0 + b0) * TwoPow56;
        }

        if (rented is not null) System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>Eight F16 values at element <paramref name="i"/> of the row, as float32 times 2^-112, multiplied into two accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate8(ref byte row, nint i, Vector128<int> mask, Vector128<float> xa, Vector128<float> xb, ref Vector128<float> a, ref Vector128<float> b)
    {
        var halves = Vector128.LoadUnsafe(ref Unsafe.As<byte, short>(ref Unsafe.Add(ref row, i * 2)));
        a = Vector128.MultiplyAddEstimate(((Vector128.WidenLower(halves) << 13) & mask).AsSingle(), xa, a);
        b = Vector128.MultiplyAddEstimate(((Vector128.WidenUpper(halves) << 13) & mask).AsSingle(), xb, b);
    }

    /// <summary>Eight F16 values at element <paramref name="i"/> of the row as float32 times 2^-112.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> HalfScaled(ref byte row, nint i, Vector256<int> mask) =>
        Avx2.And(Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Unsafe.As<byte, short>(ref Unsafe.Add(ref row, i * 2)))), 13), mask).AsSingle();
}
