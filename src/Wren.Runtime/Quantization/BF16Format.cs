using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Quantization;

/// <summary>
/// bfloat16 (ggml's BF16): the top 16 bits of a float32, rounded to nearest even; NaNs stay quiet
/// NaNs (ggml_compute_fp32_to_bf16 and gguf-py's quantizer do the same).
/// </summary>
public static class BF16Format
{
    public static ushort FromSingle(float value)
    {
        uint u = BitConverter.SingleToUInt32Bits(value);
        if ((u & 0x7fffffff) > 0x7f800000) return (ushort)((u >> 16) | 64); // NaN: force quiet
        return (ushort)((u + (0x7fff + ((u >> 16) & 1))) >> 16);
    }

    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>x: [n] floats; destination: [2n] bytes.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        Span<ushort> d = MemoryMarshal.Cast<byte, ushort>(destination[..(x.Length * 2)]);
        for (int i = 0; i < x.Length; i++) d[i] = FromSingle(x[i]);
    }

    /// <summary>source: [2n] bytes; destination: [n] floats. Widening is a shift, so vectorise it.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        ReadOnlySpan<ushort> s = MemoryMarshal.Cast<byte, ushort>(source[..(destination.Length * 2)]);
        Span<uint> d = MemoryMarshal.Cast<float, uint>(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref ushort sRef = ref MemoryMarshal.GetReference(s);
            ref uint dRef = ref MemoryMarshal.GetReference(d);
            for (; i + Vector256<ushort>.Count <= s.Length; i += Vector256<ushort>.Count)
            {
                Vector256<ushort> v = Vector256.LoadUnsafe(ref sRef, (nuint)i);
                (Vector256<uint> lo, Vector256<uint> hi) = Vector256.Widen(v);
                (lo << 16).StoreUnsafe(ref dRef, (nuint)i);
                (hi << 16).StoreUnsafe(ref dRef, (nuint)(i + Vector256<uint>.Count));
            }
        }
        for (; i < s.Length; i++) d[i] = (uint)s[i] << 16;
    }

    /// <summary>Scalar reference of <see cref="Dequantize"/>.</summary>
    public static void DequantizeScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = ToSingle((ushort)(source[2 * i] | (source[2 * i + 1] << 8)));
    }
}
