using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Quantization;

/// <summary>
/// Dot products of a K-quant weight row (Q4_K, Q6_K) with an activation row quantized to Q8_K, as
/// ggml's CPU backend computes them (ggml_vec_dot_q4_K_q8_K, ggml_vec_dot_q6_K_q8_K): exact integer
/// dot products per sub-block times the integer sub-block scales, then one float multiply per
/// 256-value super-block; the Q4_K minimums go through the Q8_K group sums. On AVX2 and AVX-512 one row is
/// <see cref="KQuantRows"/>' decode kernel on a single row (unsigned weight quants times signed activation quants
/// in vpmaddubsw, scales in vpmaddwd), so the two agree bit for bit. The 128-bit paths (ARM64, x86 without AVX2) dot 16 quants
/// at a time with <see cref="Int8Dot"/> (Q4_K's 0..15 and Q6_K's q - 32 fit int8) and multiply by the sub-block scales in int32.
/// </summary>
public static class KQuantDot
{
    /// <summary>x: a Q4_K row of n values; y: a Q8_K row of n values. Returns Σ x[i]*y[i].</summary>
    public static float DotQ4_KQ8_K(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q4_KFormat.BlockBytes);
        if (KQuantRows.Uses512 || QuantizedDot.UsesAvx2)
        {
            // The row kernel on one row: bit for bit what the decode product gives that row.
            float result = 0;
            KQuantRows.Q4_K(ref MemoryMarshal.GetReference(x), x.Length, y, blocks, ref result, 0, 1);
            return result;
        }

        return Vector128.IsHardwareAccelerated ? DotQ4_KVector128(x, y, blocks) : DotQ4_KQ8_KScalar(x, y, n);
    }

    /// <summary>x: a Q6_K row of n values; y: a Q8_K row of n values. Returns Σ x[i]*y[i].</summary>
    public static float DotQ6_KQ8_K(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q6_KFormat.BlockBytes);
        if (KQuantRows.Uses512 || QuantizedDot.UsesAvx2)
        {
            float result = 0;
            KQuantRows.Q6_K(ref MemoryMarshal.GetReference(x), x.Length, y, blocks, ref result, 0, 1);
            return result;
        }

        return Vector128.IsHardwareAccelerated ? DotQ6_KVector128(x, y, blocks) : DotQ6_KQ8_KScalar(x, y, n);
    }

    /// <summary>The reference (ggml_vec_dot_q4_K_q8_K's generic loop, in integer sums per super-block).</summary>
    public static float DotQ4_KQ8_KScalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q4_KFormat.BlockBytes);
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> xb = x.Slice(b * Q4_KFormat.BlockBytes, Q4_KFormat.BlockBytes);
            ReadOnlySpan<byte> yb = y.Slice(b * Q8_KFormat.BlockBytes, Q8_KFormat.BlockBytes);
            ReadOnlySpan<sbyte> q8 = MemoryMarshal.Cast<byte, sbyte>(yb.Slice(Q8_KFormat.QuantsOffset, 256));
            ReadOnlySpan<short> sums = MemoryMarshal.Cast<byte, short>(yb.Slice(Q8_KFormat.SumsOffset, 32));
            float yd = MemoryMarshal.Read<float>(yb);
            ReadOnlySpan<byte> scales = xb.Slice(4, 12);
            int sumi = 0, sumiMins = 0;
            for (int j = 0; j < 8; j++)
            {
                KQuantMath.GetScaleMinK4(j, scales, out byte sc, out byte m);
                sumiMins += m * (sums[2 * j] + sums[2 * j + 1]);
                ReadOnlySpan<byte> q4 = xb.Slice(16 + 32 * (j / 2), 32);
                int shift = (j & 1) * 4, dot = 0;
                for (int k = 0; k < 32; k++) dot += ((q4[k] >> shift) & 0xF) * q8[32 * j + k];
                sumi += sc * dot;
            }

            sum += yd * Q8_0Format.ReadHalf(xb) * sumi - yd * Q8_0Format.ReadHalf(xb[2..]) * sumiMins;
        }

        return sum;
    }

    /// <summary>The reference (ggml_vec_dot_q6_K_q8_K's generic loop, in integer sums per super-block).</summary>
    public static float DotQ6_KQ8_KScalar(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n)
    {
        int blocks = CheckRows(x, y, n, Q6_KFormat.BlockBytes);
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> xb = x.Slice(b * Q6_KFormat.BlockBytes, Q6_KFormat.BlockBytes);
            ReadOnlySpan<byte> yb = y.Slice(b * Q8_KFormat.BlockBytes, Q8_KFormat.BlockBytes);
            ReadOnlySpan<sbyte> q8 = MemoryMarshal.Cast<byte, sbyte>(yb.Slice(Q8_KFormat.QuantsOffset, 256));
            int sumi = 0;
            for (int half = 0; half < 2; half++)
            {
                int lo = 64 * half, ho = 128 + 32 * half, so = 192 + 8 * half, o = 128 * half;
                for (int l = 0; l < 32; l++)
                {
                    byte l0 = xb[lo + l], l32 = xb[lo + l + 32], h = xb[ho + l];
                    int q1 = ((l0 & 0xF) | ((h & 3) << 4)) - 32;
                    int q2 = ((l32 & 0xF) | (((h >> 2) & 3) << 4)) - 32;
                    int q3 = ((l0 >> 4) | (((h >> 4) & 3) << 4)) - 32;
                    int q4 = ((l32 >> 4) | (((h >> 6) & 3) << 4)) - 32;
                    int g = l / 16;
                    sumi += (sbyte)xb[so + g] * q1 * q8[o + l]
                        + (sbyte)xb[so + g + 2] * q2 * q8[o + l + 32]
                        + (sbyte)xb[so + g + 4] * q3 * q8[o + l + 64]
                        + (sbyte)xb[so + g + 6] * q4 * q8[o + l + 96];
                }
            }

            sum += MemoryMarshal.Read<float>(yb) * Q8_0Format.ReadHalf(xb[208..]) * sumi;
        }

        return sum;
    }

    /// <summary>Q4_K · Q8_K in 128-bit vectors: per pair of 32-value sub-blocks, low and high nibbles against their Q8_K quants.</summary>
    internal static float DotQ4_KVector128(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int blocks)
    {
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref byte yr = ref MemoryMarshal.GetReference(y);
        var low = Vector128.Create((byte)0x0F);
        Vector128<float> acc = default;
        float minimums = 0;
        for (int b = 0; b < blocks; b++)
        {
            ref byte xb = ref Unsafe.Add(ref xr, b * Q4_KFormat.BlockBytes);
            ref byte yb = ref Unsafe.Add(ref yr, b * Q8_KFormat.BlockBytes);
            ref byte q8 = ref Unsafe.Add(ref yb, Q8_KFormat.QuantsOffset);
            ReadOnlySpan<byte> scales = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref xb, 4), 12);
            ReadOnlySpan<short> sums = MemoryMarshal.Cast<byte, short>(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref yb, Q8_KFormat.SumsOffset), 32));
            float yd = Unsafe.ReadUnaligned<float>(ref yb);
            Vector128<int> sumi = default;
            int sumiMins = 0;
            for (int j = 0; j < 4; j++)
            {
                KQuantMath.GetScaleMinK4(2 * j, scales, out byte sc0, out byte m0);
                KQuantMath.GetScaleMinK4(2 * j + 1, scales, out byte sc1, out byte m1);
                sumiMins += m0 * (sums[4 * j] + sums[4 * j + 1]) + m1 * (sums[4 * j + 2] + sums[4 * j + 3]);
                var qa = Vector128.LoadUnsafe(ref Unsafe.Add(ref xb, 16 + 32 * j));
                var qb = Vector128.LoadUnsafe(ref Unsafe.Add(ref xb, 32 + 32 * j));
                var p0 = Int8Dot.MultiplyAdd(Vector128<int>.Zero, (qa & low).AsSByte(), Q8At(ref q8, 64 * j));
                p0 = Int8Dot.MultiplyAdd(p0, (qb & low).AsSByte(), Q8At(ref q8, 64 * j + 16));
                var p1 = Int8Dot.MultiplyAdd(Vector128<int>.Zero, Vector128.ShiftRightLogical(qa, 4).AsSByte(), Q8At(ref q8, 64 * j + 32));
                p1 = Int8Dot.MultiplyAdd(p1, Vector128.ShiftRightLogical(qb, 4).AsSByte(), Q8At(ref q8, 64 * j + 48));
                sumi += p0 * Vector128.Create((int)sc0) + p1 * Vector128.Create((int)sc1);
            }

            acc = Vector128.MultiplyAddEstimate(Vector128.Create(yd * QuantizedDot.HalfAt(ref xb, 0)), Vector128.ConvertToSingle(sumi), acc);
            minimums += yd * QuantizedDot.HalfAt(ref xb, 2) * sumiMins;
        }

        return Vector128.Sum(acc) - minimums;
    }

    /// <summary>Q6_K · Q8_K in 128-bit vectors: 16 quants (one scale group) per dot, rebuilt from ql and qh and shifted to q - 32.</summary>
    internal static float DotQ6_KVector128(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int blocks)
    {
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref byte yr = ref MemoryMarshal.GetReference(y);
        var low = Vector128.Create((byte)0x0F);
        var bits45 = Vector128.Create((byte)0x30);
        var thirtyTwo = Vector128.Create((sbyte)32);
        Vector128<float> acc = default;
        for (int b = 0; b < blocks; b++)
        {
            ref byte xb = ref Unsafe.Add(ref xr, b * Q6_KFormat.BlockBytes);
            ref byte yb = ref Unsafe.Add(ref yr, b * Q8_KFormat.BlockBytes);
            ref byte q8 = ref Unsafe.Add(ref yb, Q8_KFormat.QuantsOffset);
            Vector128<int> sumi = default;
            for (int half = 0; half < 2; half++)
            {
                ref byte scales = ref Unsafe.Add(ref xb, 192 + 8 * half);
                for (int k = 0; k < 2; k++)
                {
                    var ql0 = Vector128.LoadUnsafe(ref Unsafe.Add(ref xb, 64 * half + 16 * k));
                    var ql1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref xb, 64 * half + 32 + 16 * k));
                    var qh = Vector128.LoadUnsafe(ref Unsafe.Add(ref xb, 128 + 32 * half + 16 * k));
                    // 6-bit quants 0..63: low nibble from ql, bits 4-5 from the matching pair of bits of qh.
                    var q1 = (ql0 & low) | (Vector128.ShiftLeft(qh, 4) & bits45);
                    var q2 = (ql1 & low) | (Vector128.ShiftLeft(qh, 2) & bits45);
                    var q3 = Vector128.ShiftRightLogical(ql0, 4) | (qh & bits45);
                    var q4 = Vector128.ShiftRightLogical(ql1, 4) | (Vector128.ShiftRightLogical(qh, 2) & bits45);
                    int o = 128 * half + 16 * k;
                    sumi += Int8Dot.MultiplyAdd(Vector128<int>.Zero, q1.AsSByte() - thirtyTwo, Q8At(ref q8, o)) * Vector128.Create((int)(sbyte)Unsafe.Add(ref scales, k));
                    sumi += Int8Dot.MultiplyAdd(Vector128<int>.Zero, q2.AsSByte() - thirtyTwo, Q8At(ref q8, o + 32)) * Vector128.Create((int)(sbyte)Unsafe.Add(ref scales, k + 2));
                    sumi += Int8Dot.MultiplyAdd(Vector128<int>.Zero, q3.AsSByte() - thirtyTwo, Q8At(ref q8, o + 64)) * Vector128.Create((int)(sbyte)Unsafe.Add(ref scales, k + 4));
                    sumi += Int8Dot.MultiplyAdd(Vector128<int>.Zero, q4.AsSByte() - thirtyTwo, Q8At(ref q8, o + 96)) * Vector128.Create((int)(sbyte)Unsafe.Add(ref scales, k + 6));
                }
            }

            float d = Unsafe.ReadUnaligned<float>(ref yb) * QuantizedDot.HalfAt(ref xb, 208);
            acc = Vector128.MultiplyAddEstimate(Vector128.Create(d), Vector128.ConvertToSingle(sumi), acc);
        }

        return Vector128.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Q8At(ref byte q8, int offset) => Vector128.LoadUnsafe(ref Unsafe.Add(ref q8, offset)).AsSByte();

    private static int CheckRows(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int n, int xBlockBytes)
    {
        if (n % 256 != 0) throw new ArgumentException($"row length {n} is not a multiple of 256", nameof(n));
        int blocks = n / 256;
        if (x.Length < blocks * xBlockBytes) throw new ArgumentException($"x holds {x.Length} bytes, {blocks * xBlockBytes} needed for {n} values", nameof(x));
        if (y.Length < blocks * Q8_KFormat.BlockBytes) throw new ArgumentException($"y holds {y.Length} bytes, {blocks * Q8_KFormat.BlockBytes} needed for {n} values", nameof(y));
        return blocks;
    }
}
