using System.Runtime.InteropServices;
using Wren.Runtime.Kernels;

namespace Wren.Runtime.Quantization;

/// <summary>
/// bfloat16 (ggml's BF16): the top 16 bits of a float32, rounded to nearest even; NaNs stay quiet
/// NaNs (ggml_compute_fp32_to_bf16 and gguf-py's quantizer do the same).
/// </summary>
public static class BF16Format
{
    public static ushort FromSingle(float value) => HalfConversion.SingleToBF16(value);

    public static float ToSingle(ushort bits) => HalfConversion.BF16ToSingle(bits);

    /// <summary>x: [n] floats; destination: [2n] bytes.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        Span<ushort> d = MemoryMarshal.Cast<byte, ushort>(destination[..(x.Length * 2)]);
        for (int i = 0; i < x.Length; i++) d[i] = FromSingle(x[i]);
    }

    /// <summary>source: [2n] bytes; destination: [n] floats.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination) =>
        HalfConversion.BF16ToSingle(MemoryMarshal.Cast<byte, ushort>(source[..(destination.Length * 2)]), destination);

    /// <summary>Scalar reference of <see cref="Dequantize"/>.</summary>
    public static void DequantizeScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = ToSingle((ushort)(source[2 * i] | (source[2 * i + 1] << 8)));
    }
}
