using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wren.Runtime.Kernels;

namespace Wren.Runtime.Quantization;

/// <summary>
/// Dot products between a quantized weight row and an activation row quantized to Q8_0, the way
/// ggml's CPU backend multiplies Q8_0 and Q4_0 matrices: integer dot products per 32-value block
/// (exact), scaled by the two block scales and summed in float. The int8 products use AVX-VNNI
/// (vpdpbusd) where the CPU has it, else AVX2 (vpmaddubsw + vpmaddwd); with 128-bit vectors only (ARM64, x86
/// without AVX2) <see cref="Int8Dot"/> (SDOT, AdvSimd widening multiply-adds or SSSE3); else the scalar reference.
/// </summary>
/// <remarks>
/// Both int8 paths use ggml's sign trick: |x| is unsigned and sign(y, x) carries x's sign, so the
/// unsigned-by-signed instructions compute x*y. Q8_0 quants lie in [-127, 127], so pairs of products
/// fit in int16 without saturation.
/// </remarks>
public static class QuantizedDot
{
    /// <summary>Whether the 256-bit kernels run: AVX2 and FMA, and 256-bit vectors not switched off (DOTNET_PreferredVectorBitWidth=128).</summary>
    internal static bool UsesAvx2 { get; } = Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>x, y: Q8_0 rows of n values (n/32 blocks of 34 bytes). Returns Σ x[i]*y[i].</summary>
    public static float DotQ8_0(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q8_0Format.BlockBytes, Q8_0Format.BlockBytes);
        if (UsesAvx2) return DotQ8_0Avx2(x, y, blocks, AvxVnni.IsSupported);
        if (Vector128.IsHardwareAccelerated) return DotVector128(q4_0: false, x, y, blocks);
        return DotQ8_0Scalar(x, y, n);
    }

    /// <summary>x: a Q4_0 row of n values; y: a Q8_0 row of n values. Returns Σ x[i]*y[i].</summary>
    public static float DotQ4_0Q8_0(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q4_0Format.BlockBytes, Q8_0Format.BlockBytes);
        if (UsesAvx2) return DotQ4_0Q8_0Avx2(x, y, blocks, AvxVnni.IsSupported);
        if (Vector128.IsHardwareAccelerated) return DotVector128(q4_0: true, x, y, blocks);
        return DotQ4_0Q8_0Scalar(x, y, n);
    }

    /// <summary>The reference (ggml_vec_dot_q8_0_q8_0's generic loop).</summary>
    public static float DotQ8_0Scalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q8_0Format.BlockBytes, Q8_0Format.BlockBytes);
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> xb = x.Slice(b * 34, 34), yb = y.Slice(b * 34, 34);
            int sumi = 0;
            for (int j = 0; j < 32; j++) sumi += (sbyte)xb[2 + j] * (sbyte)yb[2 + j];
            sum += sumi * (Q8_0Format.ReadHalf(xb) * Q8_0Format.ReadHalf(yb));
        }
        return sum;
    }

    /// <summary>The reference (ggml_vec_dot_q4_0_q8_0's generic loop).</summary>
    public static float DotQ4_0Q8_0Scalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q4_0Format.BlockBytes, Q8_0Format.BlockBytes);
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> xb = x.Slice(b * 18, 18), yb = y.Slice(b * 34, 34);
            int sumi0 = 0, sumi1 = 0;
            for (int j = 0; j < 16; j++)
            {
                sumi0 += ((xb[2 + j] & 0x0F) - 8) * (sbyte)yb[2 + j];
                sumi1 += ((xb[2 + j] >> 4) - 8) * (sbyte)yb[2 + j + 16];
            }
            sum += (sumi0 + sumi1) * Q8_0Format.ReadHalf(xb) * Q8_0Format.ReadHalf(yb);
        }
        return sum;
    }

    private static float DotQ8_0Avx2(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int blocks, bool vnni)
    {
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref byte yr = ref MemoryMarshal.GetReference(y);
        // Two blocks per iteration into two accumulators: the FMA chains overlap instead of waiting on each other.
        Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
        int b = 0;
        for (; b + 1 < blocks; b += 2)
        {
            nint o0 = b * 34, o1 = o0 + 34;
            acc0 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref xr, o0) * HalfAt(ref yr, o0)), BlockQ8(ref xr, ref yr, o0, vnni), acc0);
            acc1 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref xr, o1) * HalfAt(ref yr, o1)), BlockQ8(ref xr, ref yr, o1, vnni), acc1);
        }
        if (b < blocks)
        {
            nint o = b * 34;
            acc0 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref xr, o) * HalfAt(ref yr, o)), BlockQ8(ref xr, ref yr, o, vnni), acc0);
        }
        return Vector256.Sum(acc0 + acc1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> BlockQ8(ref byte xr, ref byte yr, nint offset, bool vnni)
    {
        Vector256<sbyte> qx = Vector256.LoadUnsafe(ref Unsafe.Add(ref xr, offset + 2)).AsSByte();
        Vector256<sbyte> qy = Vector256.LoadUnsafe(ref Unsafe.Add(ref yr, offset + 2)).AsSByte();
        return Avx.ConvertToVector256Single(MulSumI8(qx, qy, vnni));
    }

    private static float DotQ4_0Q8_0Avx2(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int blocks, bool vnni)
    {
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref byte yr = ref MemoryMarshal.GetReference(y);
        Vector128<byte> low = Vector128.Create((byte)0x0F);
        Vector256<sbyte> eight = Vector256.Create((sbyte)8);
        Vector256<float> acc = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            nint xo = b * 18, yo = b * 34;
            Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref xr, xo + 2));
            Vector256<sbyte> qx = Vector256.Create(packed & low, Vector128.ShiftRightLogical(packed, 4)).AsSByte() - eight;
            Vector256<sbyte> qy = Vector256.LoadUnsafe(ref Unsafe.Add(ref yr, yo + 2)).AsSByte();
            float d = HalfAt(ref xr, xo) * HalfAt(ref yr, yo);
            acc = Fma.MultiplyAdd(Vector256.Create(d), Avx.ConvertToVector256Single(MulSumI8(qx, qy, vnni)), acc);
        }
        return Vector256.Sum(acc);
    }

    /// <summary>One row (Q8_0 or Q4_0) against a Q8_0 activation in 128-bit vectors, its scales read first (as the row kernel reads them).</summary>
    internal static float DotVector128(bool q4_0, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int blocks)
    {
        ref byte yr = ref MemoryMarshal.GetReference(y);
        float[]? rented = blocks > 1024 ? System.Buffers.ArrayPool<float>.Shared.Rent(blocks) : null;
        Span<float> scales = rented is null ? stackalloc float[blocks] : rented.AsSpan(0, blocks);
        for (int b = 0; b < blocks; b++) scales[b] = HalfAt(ref yr, b * 34);
        float sum = RowVector128(q4_0, ref MemoryMarshal.GetReference(x), ref yr, ref MemoryMarshal.GetReference(scales), blocks);
        if (rented is not null) System.Buffers.ArrayPool<float>.Shared.Return(rented);
        return sum;
    }

    /// <summary>
    /// y[r] = row r · a for rows [r0, r1) in 128-bit vectors: <see cref="RowsAvx2"/>'s job on ARM64 (and x86 without AVX2),
    /// each row's sum bit-identical to <see cref="DotVector128"/>'s.
    /// </summary>
    internal static void RowsVector128(bool q4_0, ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        ref byte ar = ref MemoryMarshal.GetReference(a);
        float[]? rented = blocks > 1024 ? System.Buffers.ArrayPool<float>.Shared.Rent(blocks) : null;
        Span<float> scales = rented is null ? stackalloc float[blocks] : rented.AsSpan(0, blocks);
        for (int b = 0; b < blocks; b++) scales[b] = HalfAt(ref ar, b * 34);
        ref float da = ref MemoryMarshal.GetReference(scales);
        for (int r = r0; r < r1; r++) Unsafe.Add(ref y, r) = RowVector128(q4_0, ref Unsafe.Add(ref w, r * rowBytes), ref ar, ref da, blocks);
        if (rented is not null) System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>Even and odd blocks into two accumulators; each block's 32 int8 products summed exactly, then times dx * dy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float RowVector128(bool q4_0, ref byte row, ref byte a, ref float da, int blocks)
    {
        Vector128<float> acc0 = default, acc1 = default;
        int xBlock = q4_0 ? Q4_0Format.BlockBytes : Q8_0Format.BlockBytes;
        int b = 0;
        for (; b + 1 < blocks; b += 2)
        {
            nint x0 = b * xBlock, x1 = x0 + xBlock, y0 = b * 34, y1 = y0 + 34;
            acc0 = Vector128.MultiplyAddEstimate(Vector128.Create(HalfAt(ref row, x0) * Unsafe.Add(ref da, b)), Block128(q4_0, ref row, x0, ref a, y0), acc0);
            acc1 = Vector128.MultiplyAddEstimate(Vector128.Create(HalfAt(ref row, x1) * Unsafe.Add(ref da, b + 1)), Block128(q4_0, ref row, x1, ref a, y1), acc1);
        }

        if (b < blocks)
        {
            nint x0 = b * xBlock, y0 = b * 34;
            acc0 = Vector128.MultiplyAddEstimate(Vector128.Create(HalfAt(ref row, x0) * Unsafe.Add(ref da, b)), Block128(q4_0, ref row, x0, ref a, y0), acc0);
        }

        return Vector128.Sum(acc0 + acc1);
    }

    /// <summary>Four rows of activations against one weight row in 128-bit vectors: each weight block unpacked once for the four.</summary>
    internal static void DotX4Vector128(bool q4_0, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int yStride, int blocks, Span<float> result)
    {
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref byte y0 = ref MemoryMarshal.GetReference(y);
        ref byte y1 = ref Unsafe.Add(ref y0, yStride);
        ref byte y2 = ref Unsafe.Add(ref y1, yStride);
        ref byte y3 = ref Unsafe.Add(ref y2, yStride);
        int xBlock = q4_0 ? Q4_0Format.BlockBytes : Q8_0Format.BlockBytes;
        Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int b = 0; b < blocks; b++)
        {
            nint xo = b * xBlock, yo = b * 34;
            var (lo, hi) = Quants128(q4_0, ref xr, xo);
            float dx = HalfAt(ref xr, xo);
            a0 = Vector128.MultiplyAddEstimate(Vector128.Create(dx * HalfAt(ref y0, yo)), Sum32(lo, hi, ref y0, yo), a0);
            a1 = Vector128.MultiplyAddEstimate(Vector128.Create(dx * HalfAt(ref y1, yo)), Sum32(lo, hi, ref y1, yo), a1);
            a2 = Vector128.MultiplyAddEstimate(Vector128.Create(dx * HalfAt(ref y2, yo)), Sum32(lo, hi, ref y2, yo), a2);
            a3 = Vector128.MultiplyAddEstimate(Vector128.Create(dx * HalfAt(ref y3, yo)), Sum32(lo, hi, ref y3, yo), a3);
        }

        result[0] = Vector128.Sum(a0);
        result[1] = Vector128.Sum(a1);
        result[2] = Vector128.Sum(a2);
        result[3] = Vector128.Sum(a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Block128(bool q4_0, ref byte row, nint xo, ref byte a, nint yo)
    {
        var (lo, hi) = Quants128(q4_0, ref row, xo);
        return Sum32(lo, hi, ref a, yo);
    }

    /// <summary>The 32 signed quants of the weight block at <paramref name="xo"/>: Q8_0's as they are, Q4_0's nibbles minus 8 (low nibbles are values 0..15).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<sbyte> Low, Vector128<sbyte> High) Quants128(bool q4_0, ref byte row, nint xo)
    {
        if (!q4_0) return (Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + 2)).AsSByte(), Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + 18)).AsSByte());
        var packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + 2));
        var eight = Vector128.Create((sbyte)8);
        return ((packed & Vector128.Create((byte)0x0F)).AsSByte() - eight, Vector128.ShiftRightLogical(packed, 4).AsSByte() - eight);
    }

    /// <summary>Σ q[i] * y[i] over one 32-value block of the Q8_0 row at <paramref name="yo"/>, as float (exact below 2^24).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sum32(Vector128<sbyte> low, Vector128<sbyte> high, ref byte y, nint yo)
    {
        var sum = Int8Dot.MultiplyAdd(Vector128<int>.Zero, low, Vector128.LoadUnsafe(ref Unsafe.Add(ref y, yo + 2)).AsSByte());
        return Vector128.ConvertToSingle(Int8Dot.MultiplyAdd(sum, high, Vector128.LoadUnsafe(ref Unsafe.Add(ref y, yo + 18)).AsSByte()));
    }

    /// <summary>How far ahead of the block being multiplied the row kernels prefetch (bytes).</summary>
    /// <remarks>
    /// The weight rows of a matrix-vector product are one long sequential stream, yet on the machines measured
    /// (AMD EPYC under virtualisation) the hardware prefetcher alone left the int8 kernel waiting on memory: with a
    /// software prefetch 2-4 KB ahead it did 25-40 % more bytes per CPU-second (one and two threads, 768- and
    /// 2048-wide rows). A prefetch past the end of the matrix is harmless: it never faults.
    /// </remarks>
    private const int PrefetchBytes = 3072;

    /// <summary>
    /// y[r] = row r · a for rows [r0, r1) of a Q8_0 (or, with <paramref name="q4_0"/>, Q4_0) matrix whose rows are
    /// <paramref name="rowBytes"/> apart, against one Q8_0 activation a of <paramref name="blocks"/> blocks: the
    /// decode product, with each row's result bit-identical to <see cref="DotQ8_0"/> / <see cref="DotQ4_0Q8_0"/>
    /// (the same blocks in the same accumulators in the same order). The activation's scales are read once per
    /// call instead of once per row, and the weights are prefetched ahead of use. AVX2 + FMA only (callers check).
    /// </summary>
    internal static unsafe void RowsAvx2(bool q4_0, ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        bool vnni = AvxVnni.IsSupported;
        ref byte ar = ref MemoryMarshal.GetReference(a);
        float[]? rented = blocks > 1024 ? System.Buffers.ArrayPool<float>.Shared.Rent(blocks) : null;
        Span<float> scales = rented is null ? stackalloc float[blocks] : rented.AsSpan(0, blocks);
        ref float da = ref MemoryMarshal.GetReference(scales);
        for (int b = 0; b < blocks; b++) Unsafe.Add(ref da, b) = HalfAt(ref ar, b * 34);
        Vector128<byte> low = Vector128.Create((byte)0x0F);
        Vector256<sbyte> eight = Vector256.Create((sbyte)8);
        int r = r0;
        if (q4_0)
        {
            // Four rows per pass, each with its own accumulator: one row's single FMA chain (ggml's order, kept so that each
            // row is bit for bit DotQ4_0Q8_0) waits on the FMA's latency every block, four chains overlap it, and the four share
            // each activation load and scale. The next group is prefetched as one run (the group reads 4 x 18 bytes per block).
            nint ahead = Math.Max(4 * rowBytes, PrefetchBytes);
            for (; r + 4 <= r1; r += 4)
            {
                ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
                ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
                ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
                ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int b = 0; b < blocks; b++)
                {
                    nint xo = b * 18, yo = b * 34;
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w0, ahead + b * 72)));
                    Vector256<sbyte> qy = Vector256.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 2)).AsSByte();
                    float dy = Unsafe.Add(ref da, b);
                    a0 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref w0, xo) * dy), Q4_0Block(ref w0, xo, qy, low, eight, vnni), a0);
                    a1 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref w1, xo) * dy), Q4_0Block(ref w1, xo, qy, low, eight, vnni), a1);
                    a2 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref w2, xo) * dy), Q4_0Block(ref w2, xo, qy, low, eight, vnni), a2);
                    a3 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref w3, xo) * dy), Q4_0Block(ref w3, xo, qy, low, eight, vnni), a3);
                }

                Unsafe.Add(ref y, r) = Vector256.Sum(a0);
                Unsafe.Add(ref y, r + 1) = Vector256.Sum(a1);
                Unsafe.Add(ref y, r + 2) = Vector256.Sum(a2);
                Unsafe.Add(ref y, r + 3) = Vector256.Sum(a3);
            }
        }

        for (; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            if (q4_0)
            {
                // One accumulator, as DotQ4_0Q8_0Avx2.
                Vector256<float> acc = Vector256<float>.Zero;
                for (int b = 0; b < blocks; b++)
                {
                    nint xo = b * 18, yo = b * 34;
                    if ((b & 3) == 0) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref row, xo + PrefetchBytes)));
                    Vector256<sbyte> qy = Vector256.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 2)).AsSByte();
                    acc = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref row, xo) * Unsafe.Add(ref da, b)), Q4_0Block(ref row, xo, qy, low, eight, vnni), acc);
                }

                Unsafe.Add(ref y, r) = Vector256.Sum(acc);
            }
            else
            {
                // Two accumulators over even and odd blocks, as DotQ8_0Avx2.
                Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
                int b = 0;
                for (; b + 1 < blocks; b += 2)
                {
                    nint o0 = b * 34, o1 = o0 + 34;
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref row, o0 + PrefetchBytes)));
                    acc0 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref row, o0) * Unsafe.Add(ref da, b)), BlockQ8(ref row, ref ar, o0, vnni), acc0);
                    acc1 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref row, o1) * Unsafe.Add(ref da, b + 1)), BlockQ8(ref row, ref ar, o1, vnni), acc1);
                }

                if (b < blocks)
                {
                    nint o = b * 34;
                    acc0 = Fma.MultiplyAdd(Vector256.Create(HalfAt(ref row, o) * Unsafe.Add(ref da, b)), BlockQ8(ref row, ref ar, o, vnni), acc0);
                }

                Unsafe.Add(ref y, r) = Vector256.Sum(acc0 + acc1);
            }
        }

        if (rented is not null) System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>
    /// Four dot products of one weight row x (Q8_0 or Q4_0, n values) with four Q8_0 activation rows at
    /// <paramref name="y"/> + j * <paramref name="yStride"/> bytes (j = 0..3): result[j] = Σ x[i]*y_j[i]. Each
    /// weight block is loaded, unpacked, made absolute and its scale read once for the four (the prefill
    /// product, where every weight row meets many tokens).
    /// </summary>
    public static void DotX4(bool q4_0, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int yStride, int n, Span<float> result)
    {
        int xBlock = q4_0 ? Q4_0Format.BlockBytes : Q8_0Format.BlockBytes;
        int blocks = CheckRows(x, y, n, xBlock, Q8_0Format.BlockBytes);
        if (yStride < blocks * Q8_0Format.BlockBytes || y.Length < 3 * yStride + blocks * Q8_0Format.BlockBytes)
            throw new ArgumentException($"y must hold four rows {yStride} bytes apart", nameof(y));
        if (result.Length < 4) throw new ArgumentException("result needs four elements", nameof(result));
        if (!UsesAvx2)
        {
            if (Vector128.IsHardwareAccelerated) DotX4Vector128(q4_0, x, y, yStride, blocks, result);
            else
                for (int j = 0; j < 4; j++)
                    result[j] = q4_0 ? DotQ4_0Q8_0Scalar(x, y.Slice(j * yStride), n) : DotQ8_0Scalar(x, y.Slice(j * yStride), n);
            return;
        }

        bool vnni = AvxVnni.IsSupported;
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref byte y0 = ref MemoryMarshal.GetReference(y);
        ref byte y1 = ref Unsafe.Add(ref y0, yStride);
        ref byte y2 = ref Unsafe.Add(ref y1, yStride);
        ref byte y3 = ref Unsafe.Add(ref y2, yStride);
        Vector128<byte> low = Vector128.Create((byte)0x0F);
        Vector256<sbyte> eight = Vector256.Create((sbyte)8);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int b = 0; b < blocks; b++)
        {
            nint xo = b * xBlock, yo = b * 34;
            Vector256<sbyte> qx;
            if (q4_0)
            {
                Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref xr, xo + 2));
                qx = Vector256.Create(packed & low, Vector128.ShiftRightLogical(packed, 4)).AsSByte() - eight;
            }
            else
            {
                qx = Vector256.LoadUnsafe(ref Unsafe.Add(ref xr, xo + 2)).AsSByte();
            }

            Vector256<byte> ax = Avx2.Abs(qx);
            float dx = HalfAt(ref xr, xo);
            a0 = Fma.MultiplyAdd(Vector256.Create(dx * HalfAt(ref y0, yo)), Avx.ConvertToVector256Single(MulSumAbs(ax, qx, Vector256.LoadUnsafe(ref Unsafe.Add(ref y0, yo + 2)).AsSByte(), vnni)), a0);
            a1 = Fma.MultiplyAdd(Vector256.Create(dx * HalfAt(ref y1, yo)), Avx.ConvertToVector256Single(MulSumAbs(ax, qx, Vector256.LoadUnsafe(ref Unsafe.Add(ref y1, yo + 2)).AsSByte(), vnni)), a1);
            a2 = Fma.MultiplyAdd(Vector256.Create(dx * HalfAt(ref y2, yo)), Avx.ConvertToVector256Single(MulSumAbs(ax, qx, Vector256.LoadUnsafe(ref Unsafe.Add(ref y2, yo + 2)).AsSByte(), vnni)), a2);
            a3 = Fma.MultiplyAdd(Vector256.Create(dx * HalfAt(ref y3, yo)), Avx.ConvertToVector256Single(MulSumAbs(ax, qx, Vector256.LoadUnsafe(ref Unsafe.Add(ref y3, yo + 2)).AsSByte(), vnni)), a3);
        }

        result[0] = Vector256.Sum(a0);
        result[1] = Vector256.Sum(a1);
        result[2] = Vector256.Sum(a2);
        result[3] = Vector256.Sum(a3);
    }

    /// <summary>The 32 products of the Q4_0 block at <paramref name="xo"/> (nibbles minus 8) with qy, summed exactly in eight lanes, as float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Q4_0Block(ref byte row, nint xo, Vector256<sbyte> qy, Vector128<byte> low, Vector256<sbyte> eight, bool vnni)
    {
        Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + 2));
        Vector256<sbyte> qx = Vector256.Create(packed & low, Vector128.ShiftRightLogical(packed, 4)).AsSByte() - eight;
        return Avx.ConvertToVector256Single(MulSumI8(qx, qy, vnni));
    }

    /// <summary><see cref="MulSumI8"/> with |x| already taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MulSumAbs(Vector256<byte> ax, Vector256<sbyte> x, Vector256<sbyte> y, bool vnni)
    {
        Vector256<sbyte> sy = Avx2.Sign(y, x);
        if (vnni) return AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, ax, sy);
        return Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(ax, sy), Vector256.Create((short)1));
    }

    /// <summary>Eight int32 partial sums of x[i]*y[i] over 32 int8 pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> MulSumI8(Vector256<sbyte> x, Vector256<sbyte> y, bool vnni)
    {
        Vector256<byte> ax = Avx2.Abs(x);
        Vector256<sbyte> sy = Avx2.Sign(y, x);
        if (vnni) return AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, ax, sy);
        Vector256<short> pairs = Avx2.MultiplyAddAdjacent(ax, sy);
        return Avx2.MultiplyAddAdjacent(pairs, Vector256.Create((short)1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float HalfAt(ref byte row, nint offset) =>
        HalfConversion.F16ToSingle(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref row, offset)));

    private static int CheckRows(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n, int xBlockBytes, int yBlockBytes)
    {
        if (n % 32 != 0) throw new ArgumentException($"row length {n} is not a multiple of 32", nameof(n));
        int blocks = n / 32;
        if (x.Length < blocks * xBlockBytes) throw new ArgumentException($"x holds {x.Length} bytes, {blocks * xBlockBytes} needed for {n} values", nameof(x));
        if (y.Length < blocks * yBlockBytes) throw new ArgumentException($"y holds {y.Length} bytes, {blocks * yBlockBytes} needed for {n} values", nameof(y));
        return blocks;
    }
}
