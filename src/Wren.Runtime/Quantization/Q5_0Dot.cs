using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wren.Runtime.Quantization;

/// <summary>
/// Dot products of Q5_0 weight rows with a Q8_0 activation, as ggml_vec_dot_q5_0_q8_0 computes them: each 32-value
/// block's fifth bits (qh) are spread to one byte per value, joined to the nibbles as the signed quant q - 16 in [-16, 15],
/// dotted with the activation's int8 quants exactly, then scaled by the two block scales. llama.cpp writes Q5_0 for the
/// tensors of a Q4_K_M file whose rows are not a multiple of 256 (Qwen2.5-0.5B's 896-wide rows), so those files need it.
/// AVX2 (VNNI where present; the activation's scales read once per call and the weights prefetched) → 128-bit
/// (<see cref="Int8Dot"/>) → scalar; each path sums the blocks in the same order into one accumulator.
/// </summary>
public static class Q5_0Dot
{
    /// <summary>x: a Q5_0 row of n values; y: a Q8_0 row of n values. Returns Σ x[i]*y[i].</summary>
    public static float Dot(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n);
        float result = 0;
        if (QuantizedDot.UsesAvx2) RowsAvx2(ref MemoryMarshal.GetReference(x), x.Length, y, blocks, ref result, 0, 1);
        else if (Vector128.IsHardwareAccelerated) RowsVector128(ref MemoryMarshal.GetReference(x), x.Length, y, blocks, ref result, 0, 1);
        else result = DotScalar(x, y, n);
        return result;
    }

    /// <summary>y[r] = row r · a for rows [r0, r1) of a Q5_0 matrix against the Q8_0 activation a, on the widest path this CPU runs.</summary>
    internal static void Rows(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        if (QuantizedDot.UsesAvx2) RowsAvx2(ref w, rowBytes, a, blocks, ref y, r0, r1);
        else if (Vector128.IsHardwareAccelerated) RowsVector128(ref w, rowBytes, a, blocks, ref y, r0, r1);
        else
            for (int r = r0; r < r1; r++)
                Unsafe.Add(ref y, r) = DotScalar(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref w, r * rowBytes), (int)rowBytes), a, blocks * Q5_0Format.BlockSize);
    }

    /// <summary>The reference (ggml_vec_dot_q5_0_q8_0's generic loop).</summary>
    public static float DotScalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n);
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> xb = x.Slice(b * Q5_0Format.BlockBytes, Q5_0Format.BlockBytes), yb = y.Slice(b * Q8_0Format.BlockBytes, Q8_0Format.BlockBytes);
            uint qh = MemoryMarshal.Read<uint>(xb[2..]);
            int sumi = 0;
            for (int j = 0; j < 16; j++)
            {
                int x0 = ((xb[6 + j] & 0x0F) | (int)(((qh >> j) << 4) & 0x10)) - 16;
                int x1 = ((xb[6 + j] >> 4) | (int)((qh >> (j + 12)) & 0x10)) - 16;
                sumi += x0 * (sbyte)yb[2 + j] + x1 * (sbyte)yb[2 + j + 16];
            }

            sum += sumi * (Q8_0Format.ReadHalf(xb) * Q8_0Format.ReadHalf(yb));
        }

        return sum;
    }

    private static unsafe void RowsAvx2(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        bool vnni = AvxVnni.IsSupported;
        ref byte ar = ref MemoryMarshal.GetReference(a);
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(blocks);
        ref float da = ref MemoryMarshal.GetArrayDataReference(rented);
        for (int b = 0; b < blocks; b++) Unsafe.Add(ref da, b) = QuantizedDot.HalfAt(ref ar, b * Q8_0Format.BlockBytes);
        var low = Vector128.Create((byte)0x0F);
        var spread = Vector256.Create(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, (byte)3);
        var otherBits = Vector256.Create(0x7fbfdfeff7fbfdfeUL).AsByte();
        var high = Vector256.Create((byte)0xF0);
        int r = r0;
        // Four rows per pass, each with its own accumulator (one row's single FMA chain, kept so that each row is bit for
        // bit the one-row dot, waits on the FMA's latency every block); the four share each activation load and scale. The
        // next group is prefetched as one run (the group reads 4 x 22 bytes per block).
        nint ahead = Math.Max(4 * rowBytes, 3072);
        for (; r + 4 <= r1; r += 4)
        {
            ref byte w0 = ref Unsafe.Add(ref w, r * rowBytes);
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes);
            ref byte w2 = ref Unsafe.Add(ref w1, rowBytes);
            ref byte w3 = ref Unsafe.Add(ref w2, rowBytes);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int b = 0; b < blocks; b++)
            {
                nint xo = b * Q5_0Format.BlockBytes, yo = b * Q8_0Format.BlockBytes;
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w0, ahead + b * 4 * Q5_0Format.BlockBytes)));
                Vector256<sbyte> qy = Vector256.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 2)).AsSByte();
                float dy = Unsafe.Add(ref da, b);
                a0 = Fma.MultiplyAdd(Vector256.Create(QuantizedDot.HalfAt(ref w0, xo) * dy), Block(ref w0, xo, qy, low, spread, otherBits, high, vnni), a0);
                a1 = Fma.MultiplyAdd(Vector256.Create(QuantizedDot.HalfAt(ref w1, xo) * dy), Block(ref w1, xo, qy, low, spread, otherBits, high, vnni), a1);
                a2 = Fma.MultiplyAdd(Vector256.Create(QuantizedDot.HalfAt(ref w2, xo) * dy), Block(ref w2, xo, qy, low, spread, otherBits, high, vnni), a2);
                a3 = Fma.MultiplyAdd(Vector256.Create(QuantizedDot.HalfAt(ref w3, xo) * dy), Block(ref w3, xo, qy, low, spread, otherBits, high, vnni), a3);
            }

            Unsafe.Add(ref y, r) = Vector256.Sum(a0);
            Unsafe.Add(ref y, r + 1) = Vector256.Sum(a1);
            Unsafe.Add(ref y, r + 2) = Vector256.Sum(a2);
            Unsafe.Add(ref y, r + 3) = Vector256.Sum(a3);
        }

        for (; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector256<float> acc = default;
            for (int b = 0; b < blocks; b++)
            {
                nint xo = b * Q5_0Format.BlockBytes, yo = b * Q8_0Format.BlockBytes;
                if ((b & 3) == 0) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref row, xo + 3072)));
                Vector256<sbyte> qy = Vector256.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 2)).AsSByte();
                float d = QuantizedDot.HalfAt(ref row, xo) * Unsafe.Add(ref da, b);
                acc = Fma.MultiplyAdd(Vector256.Create(d), Block(ref row, xo, qy, low, spread, otherBits, high, vnni), acc);
            }

            Unsafe.Add(ref y, r) = Vector256.Sum(acc);
        }

        System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>The 32 products of the Q5_0 block at <paramref name="xo"/> (q - 16) with qy, summed exactly in eight lanes, as float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Block(ref byte row, nint xo, Vector256<sbyte> qy, Vector128<byte> low, Vector256<byte> spread, Vector256<byte> otherBits, Vector256<byte> high, bool vnni)
    {
        Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + 6));
        Vector256<byte> nibbles = Vector256.Create(packed & low, Vector128.ShiftRightLogical(packed, 4));
        // Byte i of the broadcast qh word picks byte i / 8 (vpshufb works within 128-bit lanes; the word repeats in both),
        // then is all ones exactly when bit i % 8 is set: OR with every other bit and compare with all ones (ggml's bytes_from_bits_32).
        Vector256<byte> bits = Avx2.Shuffle(Vector256.Create(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref row, xo + 2))).AsByte(), spread);
        Vector256<byte> set = Vector256.Equals(bits | otherBits, Vector256<byte>.AllBitsSet);
        // q - 16 as int8: a clear fifth bit means nibble - 16 (its upper four bits all ones), a set one the nibble itself.
        Vector256<sbyte> qx = (nibbles | Vector256.AndNot(high, set)).AsSByte();
        return Avx.ConvertToVector256Single(QuantizedDot.MulSumI8(qx, qy, vnni));
    }

    /// <summary>Q5_0 rows in 128-bit vectors (ARM64, x86 without AVX2): 16 values per half-block.</summary>
    internal static void RowsVector128(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        ref byte ar = ref MemoryMarshal.GetReference(a);
        var low = Vector128.Create((byte)0x0F);
        var high = Vector128.Create((byte)0xF0);
        var bitOfByte = Vector128.Create(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, (byte)128);
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector128<float> acc = default;
            for (int b = 0; b < blocks; b++)
            {
                nint xo = b * Q5_0Format.BlockBytes, yo = b * Q8_0Format.BlockBytes;
                uint qh = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref row, xo + 2));
                Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + 6));
                Vector128<sbyte> q0 = Join(packed & low, qh & 0xFFFF, bitOfByte, high);
                Vector128<sbyte> q1 = Join(Vector128.ShiftRightLogical(packed, 4), qh >> 16, bitOfByte, high);
                Vector128<int> sumi = Int8Dot.MultiplyAdd(Vector128<int>.Zero, q0, Vector128.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 2)).AsSByte());
                sumi = Int8Dot.MultiplyAdd(sumi, q1, Vector128.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 18)).AsSByte());
                float d = QuantizedDot.HalfAt(ref row, xo) * QuantizedDot.HalfAt(ref ar, yo);
                acc = Vector128.MultiplyAddEstimate(Vector128.Create(d), Vector128.ConvertToSingle(sumi), acc);
            }

            Unsafe.Add(ref y, r) = Vector128.Sum(acc);
        }
    }

    /// <summary>16 nibbles and their 16 fifth bits (bit i of <paramref name="bits"/>) as the signed quants q - 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Join(Vector128<byte> nibbles, uint bits, Vector128<byte> bitOfByte, Vector128<byte> high)
    {
        var repeated = Vector128.Create((bits & 0xFF) * 0x0101010101010101UL, ((bits >> 8) & 0xFF) * 0x0101010101010101UL).AsByte();
        Vector128<byte> set = Vector128.Equals(repeated & bitOfByte, bitOfByte);
        return (nibbles | Vector128.AndNot(high, set)).AsSByte();
    }

    private static int CheckRows(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        if (n % Q5_0Format.BlockSize != 0) throw new ArgumentException($"row length {n} is not a multiple of {Q5_0Format.BlockSize}", nameof(n));
        int blocks = n / Q5_0Format.BlockSize;
        if (x.Length < blocks * Q5_0Format.BlockBytes) throw new ArgumentException($"x holds {x.Length} bytes, {blocks * Q5_0Format.BlockBytes} needed for {n} values", nameof(x));
        if (y.Length < blocks * Q8_0Format.BlockBytes) throw new ArgumentException($"y holds {y.Length} bytes, {blocks * Q8_0Format.BlockBytes} needed for {n} values", nameof(y));
        return blocks;
    }
}
