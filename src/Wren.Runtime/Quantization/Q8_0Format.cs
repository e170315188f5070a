using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Kernels;

namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q8_0: blocks of 32 values as one F16 scale d and 32 int8 quants q, value = q * d.
/// Block layout (34 bytes): d (2) | qs (32). Quantization follows quantize_row_q8_0_ref:
/// d = max|x| / 127, q = roundf(x * (1/d)) (ties away from zero).
/// </summary>
public static class Q8_0Format
{
    public const int BlockSize = 32;
    public const int BlockBytes = 34;

    /// <summary>x: [n] with n a multiple of 32; destination: [n/32 * 34] bytes. Bit-identical to <see cref="QuantizeScalar"/>.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = CheckBlocks(x.Length, destination.Length);
        if (!Vector256.IsHardwareAccelerated)
        {
            if (Vector128.IsHardwareAccelerated) QuantizeVector128(x, destination, blocks);
            else QuantizeScalar(x, destination);
            return;
        }

        ref float xRef = ref MemoryMarshal.GetReference(x);
        for (int b = 0; b < blocks; b++)
        {
            nuint o = (nuint)(b * BlockSize);
            Vector256<float> v0 = Vector256.LoadUnsafe(ref xRef, o);
            Vector256<float> v1 = Vector256.LoadUnsafe(ref xRef, o + 8);
            Vector256<float> v2 = Vector256.LoadUnsafe(ref xRef, o + 16);
            Vector256<float> v3 = Vector256.LoadUnsafe(ref xRef, o + 24);
            Vector256<float> m = Vector256.Max(Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)), Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3)));
            float amax = HorizontalMax(m);
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            WriteHalf(block, d);
            Vector256<float> vid = Vector256.Create(id);
            Span<sbyte> qs = MemoryMarshal.Cast<byte, sbyte>(block[2..]);
            Vector256<int> i0 = RoundAwayFromZero(v0 * vid), i1 = RoundAwayFromZero(v1 * vid);
            Vector256<int> i2 = RoundAwayFromZero(v2 * vid), i3 = RoundAwayFromZero(v3 * vid);
            Vector256<sbyte> packed = Vector256.Narrow(Vector256.Narrow(i0, i1), Vector256.Narrow(i2, i3));
            packed.CopyTo(qs);
        }
    }

    /// <summary><see cref="Quantize"/> in 128-bit vectors (ARM64's decode path quantizes every activation): eight vectors per block.</summary>
    internal static void QuantizeVector128(ReadOnlySpan<float> x, Span<byte> destination, int blocks)
    {
        ref float xRef = ref MemoryMarshal.GetReference(x);
        for (int b = 0; b < blocks; b++)
        {
            nuint o = (nuint)(b * BlockSize);
            Vector128<float> v0 = Vector128.LoadUnsafe(ref xRef, o), v1 = Vector128.LoadUnsafe(ref xRef, o + 4);
            Vector128<float> v2 = Vector128.LoadUnsafe(ref xRef, o + 8), v3 = Vector128.LoadUnsafe(ref xRef, o + 12);
            Vector128<float> v4 = Vector128.LoadUnsafe(ref xRef, o + 16), v5 = Vector128.LoadUnsafe(ref xRef, o + 20);
            Vector128<float> v6 = Vector128.LoadUnsafe(ref xRef, o + 24), v7 = Vector128.LoadUnsafe(ref xRef, o + 28);
            Vector128<float> m = Vector128.Max(
                Vector128.Max(Vector128.Max(Vector128.Abs(v0), Vector128.Abs(v1)), Vector128.Max(Vector128.Abs(v2), Vector128.Abs(v3))),
                Vector128.Max(Vector128.Max(Vector128.Abs(v4), Vector128.Abs(v5)), Vector128.Max(Vector128.Abs(v6), Vector128.Abs(v7))));
            float amax = MathF.Max(MathF.Max(m[0], m[1]), MathF.Max(m[2], m[3]));
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            WriteHalf(block, d);
            var vid = Vector128.Create(id);
            var s0 = Vector128.Narrow(RoundAwayFromZero(v0 * vid), RoundAwayFromZero(v1 * vid));
            var s1 = Vector128.Narrow(RoundAwayFromZero(v2 * vid), RoundAwayFromZero(v3 * vid));
            var s2 = Vector128.Narrow(RoundAwayFromZero(v4 * vid), RoundAwayFromZero(v5 * vid));
            var s3 = Vector128.Narrow(RoundAwayFromZero(v6 * vid), RoundAwayFromZero(v7 * vid));
            Span<sbyte> qs = MemoryMarshal.Cast<byte, sbyte>(block[2..]);
            Vector128.Narrow(s0, s1).CopyTo(qs);
            Vector128.Narrow(s2, s3).CopyTo(qs[16..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> RoundAwayFromZero(Vector128<float> v)
    {
        Vector128<float> t = Vector128.Truncate(v);
        Vector128<float> step = Vector128.ConditionalSelect(
            Vector128.GreaterThanOrEqual(Vector128.Abs(v - t), Vector128.Create(0.5f)),
            Vector128.CopySign(Vector128<float>.One, v), Vector128<float>.Zero);
        return Vector128.ConvertToInt32(t + step);
    }

    /// <summary>The reference: quantize_row_q8_0_ref, one value at a time.</summary>
    public static void QuantizeScalar(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = CheckBlocks(x.Length, destination.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * BlockSize, BlockSize);
            float amax = 0.0f;
            for (int j = 0; j < BlockSize; j++) amax = MathF.Max(amax, MathF.Abs(xb[j]));
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            WriteHalf(block, d);
            for (int j = 0; j < BlockSize; j++)
                block[2 + j] = (byte)(sbyte)MathF.Round(xb[j] * id, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>source: [n/32 * 34] bytes; destination: [n] floats.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        if (!Vector256.IsHardwareAccelerated)
        {
            DequantizeScalar(source, destination);
            return;
        }
        ref float yRef = ref MemoryMarshal.GetReference(destination);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            Vector256<float> d = Vector256.Create(ReadHalf(block));
            Vector256<sbyte> q = Vector256.Create(MemoryMarshal.Cast<byte, sbyte>(block[2..]));
            (Vector256<short> lo, Vector256<short> hi) = Vector256.Widen(q);
            (Vector256<int> a, Vector256<int> c) = Vector256.Widen(lo);
            (Vector256<int> e, Vector256<int> f) = Vector256.Widen(hi);
            nuint o = (nuint)(b * BlockSize);
            (Vector256.ConvertToSingle(a) * d).StoreUnsafe(ref yRef, o);
            (Vector256.ConvertToSingle(c) * d).StoreUnsafe(ref yRef, o + 8);
            (Vector256.ConvertToSingle(e) * d).StoreUnsafe(ref yRef, o + 16);
            (Vector256.ConvertToSingle(f) * d).StoreUnsafe(ref yRef, o + 24);
        }
    }

    /// <summary>The reference: dequantize_row_q8_0.</summary>
    public static void DequantizeScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            float d = ReadHalf(block);
            for (int j = 0; j < BlockSize; j++) destination[b * BlockSize + j] = (sbyte)block[2 + j] * d;
        }
    }

    /// <summary>roundf per lane: truncate, then step away from zero when the dropped fraction is at least one half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RoundAwayFromZero(Vector256<float> v)
    {
        Vector256<float> t = Vector256.Truncate(v);
        Vector256<float> frac = v - t; // exact
        Vector256<float> step = Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(Vector256.Abs(frac), Vector256.Create(0.5f)),
            Vector256.CopySign(Vector256<float>.One, v), Vector256<float>.Zero);
        return Vector256.ConvertToInt32(t + step);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector256<float> v)
    {
        Vector128<float> m = Vector128.Max(v.GetLower(), v.GetUpper());
        float a = MathF.Max(m[0], m[1]);
        float b = MathF.Max(m[2], m[3]);
        return MathF.Max(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ReadHalf(ReadOnlySpan<byte> at) => HalfConversion.F16ToSingle((ushort)(at[0] | (at[1] << 8)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WriteHalf(Span<byte> at, float value)
    {
        ushort bits = HalfConversion.SingleToF16(value);
        at[0] = (byte)bits;
        at[1] = (byte)(bits >> 8);
    }

    internal static int CheckBlocks(int elements, int bytes)
    {
        if (elements % BlockSize != 0)
            throw new ArgumentException($"Q8_0 needs a multiple of {BlockSize} values, got {elements}");
        int blocks = elements / BlockSize;
        if (bytes < blocks * BlockBytes)
            throw new ArgumentException($"Q8_0 needs {blocks * BlockBytes} bytes for {elements} values, got {bytes}");
        return blocks;
    }
}
