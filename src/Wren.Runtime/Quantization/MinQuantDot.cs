using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wren.Runtime.Quantization;

/// <summary>
/// Dot products of Q4_1 and Q5_1 weight rows (quants with a block minimum, value = q * d + m) with a Q8_1 activation, as
/// ggml_vec_dot_q4_1_q8_1 and ggml_vec_dot_q5_1_q8_1 compute them: the unsigned quants q (nibble, plus the fifth bit from qh
/// for Q5_1) dotted with the activation's int8 quants exactly, scaled by d_w * d_a, and the minimum's share m * s added from
/// the activation's block sum s (<see cref="Q8_1Format"/>). As ggml's AVX2 loop does, the scaled products accumulate in a
/// vector and the m * s terms in a separate float, added at the end. AVX2 (VNNI where present; the activation's scales and
/// sums read once per call) → 128-bit (<see cref="Int8Dot"/>) → scalar; each path sums the blocks in order.
/// </summary>
public static class MinQuantDot
{
    /// <summary>Bytes of one weight block: Q5_1 (<paramref name="q5"/>) or Q4_1.</summary>
    public static int BlockBytes(bool q5) => q5 ? Q5_1Format.BlockBytes : Q4_1Format.BlockBytes;

    /// <summary>x: a Q5_1 (<paramref name="q5"/>) or Q4_1 row of n values; y: a Q8_1 row of n values. Returns Σ x[i]*y[i].</summary>
    public static float Dot(bool q5, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(q5, x, y, n);
        float result = 0;
        if (QuantizedDot.UsesAvx2) RowsAvx2(q5, ref MemoryMarshal.GetReference(x), x.Length, y, blocks, ref result, 0, 1);
        else if (Vector128.IsHardwareAccelerated) RowsVector128(q5, ref MemoryMarshal.GetReference(x), x.Length, y, blocks, ref result, 0, 1);
        else result = DotScalar(q5, x, y, n);
        return result;
    }

    /// <summary>y[r] = row r · a for rows [r0, r1) of a Q5_1 or Q4_1 matrix against the Q8_1 activation a, on the widest path this CPU runs.</summary>
    internal static void Rows(bool q5, ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        if (QuantizedDot.UsesAvx2) RowsAvx2(q5, ref w, rowBytes, a, blocks, ref y, r0, r1);
        else if (Vector128.IsHardwareAccelerated) RowsVector128(q5, ref w, rowBytes, a, blocks, ref y, r0, r1);
        else
            for (int r = r0; r < r1; r++)
                Unsafe.Add(ref y, r) = DotScalar(q5, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref w, r * rowBytes), (int)rowBytes), a, blocks * Q8_1Format.BlockSize);
    }

    /// <summary>The reference (ggml_vec_dot_q4_1_q8_1's and ggml_vec_dot_q5_1_q8_1's generic loops).</summary>
    public static float DotScalar(bool q5, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(q5, x, y, n);
        int xBytes = BlockBytes(q5), qs = q5 ? 8 : 4;
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> xb = x.Slice(b * xBytes, xBytes), yb = y.Slice(b * Q8_1Format.BlockBytes, Q8_1Format.BlockBytes);
            uint qh = q5 ? MemoryMarshal.Read<uint>(xb[4..]) : 0;
            int sumi = 0;
            for (int j = 0; j < 16; j++)
            {
                int x0 = (xb[qs + j] & 0x0F) | (int)(((qh >> j) << 4) & 0x10);
                int x1 = (xb[qs + j] >> 4) | (int)((qh >> (j + 12)) & 0x10);
                sumi += x0 * (sbyte)yb[4 + j] + x1 * (sbyte)yb[4 + j + 16];
            }

            sum += Q8_0Format.ReadHalf(xb) * Q8_0Format.ReadHalf(yb) * sumi + Q8_0Format.ReadHalf(xb[2..]) * Q8_0Format.ReadHalf(yb[2..]);
        }

        return sum;
    }

    private static void RowsAvx2(bool q5, ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        bool vnni = AvxVnni.IsSupported;
        ref byte ar = ref MemoryMarshal.GetReference(a);
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(2 * blocks);
        ref float da = ref MemoryMarshal.GetArrayDataReference(rented);
        for (int b = 0; b < blocks; b++)
        {
            Unsafe.Add(ref da, 2 * b) = QuantizedDot.HalfAt(ref ar, b * Q8_1Format.BlockBytes);
            Unsafe.Add(ref da, 2 * b + 1) = QuantizedDot.HalfAt(ref ar, b * Q8_1Format.BlockBytes + 2);
        }

        int xBytes = BlockBytes(q5), qs = q5 ? 8 : 4;
        var low = Vector128.Create((byte)0x0F);
        // Byte i of the broadcast qh word picks byte i / 8, then is all ones exactly when bit i % 8 is set (as in Q5_0Dot).
        var spread = Vector256.Create(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, (byte)3);
        var otherBits = Vector256.Create(0x7fbfdfeff7fbfdfeUL).AsByte();
        var fifth = Vector256.Create((byte)0x10);
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector256<float> acc = default;
            float summs = 0;
            for (int b = 0; b < blocks; b++)
            {
                nint xo = b * xBytes, yo = b * Q8_1Format.BlockBytes;
                summs += QuantizedDot.HalfAt(ref row, xo + 2) * Unsafe.Add(ref da, 2 * b + 1);
                Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + qs));
                Vector256<byte> qx = Vector256.Create(packed & low, Vector128.ShiftRightLogical(packed, 4) & low);
                if (q5)
                {
                    Vector256<byte> bits = Avx2.Shuffle(Vector256.Create(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref row, xo + 4))).AsByte(), spread);
                    qx |= Vector256.Equals(bits | otherBits, Vector256<byte>.AllBitsSet) & fifth;
                }

                Vector256<sbyte> qy = Vector256.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 4)).AsSByte();
                // The quants are unsigned (0..31), so they go straight into the unsigned operand (ggml's mul_sum_us8_pairs_float).
                Vector256<int> sumi = vnni
                    ? AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, qx, qy)
                    : Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(qx, qy), Vector256.Create((short)1));
                float d = QuantizedDot.HalfAt(ref row, xo) * Unsafe.Add(ref da, 2 * b);
                acc = Fma.MultiplyAdd(Avx.ConvertToVector256Single(sumi), Vector256.Create(d), acc);
            }

            Unsafe.Add(ref y, r) = Vector256.Sum(acc) + summs;
        }

        System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>Q5_1 or Q4_1 rows in 128-bit vectors (ARM64, x86 without AVX2): 16 values per half-block.</summary>
    internal static void RowsVector128(bool q5, ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        ref byte ar = ref MemoryMarshal.GetReference(a);
        int xBytes = BlockBytes(q5), qs = q5 ? 8 : 4;
        var low = Vector128.Create((byte)0x0F);
        var fifth = Vector128.Create((byte)0x10);
        var bitOfByte = Vector128.Create(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, (byte)128);
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector128<float> acc = default;
            float summs = 0;
            for (int b = 0; b < blocks; b++)
            {
                nint xo = b * xBytes, yo = b * Q8_1Format.BlockBytes;
                summs += QuantizedDot.HalfAt(ref row, xo + 2) * QuantizedDot.HalfAt(ref ar, yo + 2);
                Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref row, xo + qs));
                Vector128<byte> q0 = packed & low, q1 = Vector128.ShiftRightLogical(packed, 4) & low;
                if (q5)
                {
                    uint qh = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref row, xo + 4));
                    q0 |= FifthBits(qh & 0xFFFF, bitOfByte, fifth);
                    q1 |= FifthBits(qh >> 16, bitOfByte, fifth);
                }

                // Quants of 0..31 are the same bytes as int8, so the signed 128-bit dot serves.
                Vector128<int> sumi = Int8Dot.MultiplyAdd(Vector128<int>.Zero, q0.AsSByte(), Vector128.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 4)).AsSByte());
                sumi = Int8Dot.MultiplyAdd(sumi, q1.AsSByte(), Vector128.LoadUnsafe(ref Unsafe.Add(ref ar, yo + 20)).AsSByte());
                float d = QuantizedDot.HalfAt(ref row, xo) * QuantizedDot.HalfAt(ref ar, yo);
                acc = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(sumi), Vector128.Create(d), acc);
            }

            Unsafe.Add(ref y, r) = Vector128.Sum(acc) + summs;
        }
    }

    /// <summary>0x10 in byte i exactly when bit i of <paramref name="bits"/> (16 bits) is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> FifthBits(uint bits, Vector128<byte> bitOfByte, Vector128<byte> fifth)
    {
        var repeated = Vector128.Create((bits & 0xFF) * 0x0101010101010101UL, ((bits >> 8) & 0xFF) * 0x0101010101010101UL).AsByte();
        return Vector128.Equals(repeated & bitOfByte, bitOfByte) & fifth;
    }

    private static int CheckRows(bool q5, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        if (n % Q8_1Format.BlockSize != 0) throw new ArgumentException($"row length {n} is not a multiple of {Q8_1Format.BlockSize}", nameof(n));
        int blocks = n / Q8_1Format.BlockSize, xBytes = BlockBytes(q5);
        if (x.Length < blocks * xBytes) throw new ArgumentException($"x holds {x.Length} bytes, {blocks * xBytes} needed for {n} values", nameof(x));
        if (y.Length < blocks * Q8_1Format.BlockBytes) throw new ArgumentException($"y holds {y.Length} bytes, {blocks * Q8_1Format.BlockBytes} needed for {n} values", nameof(y));
        return blocks;
    }
}
