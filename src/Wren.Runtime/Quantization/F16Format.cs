using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Wren.Runtime.Kernels;

namespace Wren.Runtime.Quantization;

/// <summary>
/// IEEE half precision (ggml's F16): round to nearest even on the way down, as ggml's
/// GGML_FP32_TO_FP16 and numpy's astype(float16) do; exact on the way up.
/// </summary>
public static class F16Format
{
    /// <summary>x: [n] floats; destination: [2n] bytes, little-endian halves.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        Span<Half> halves = MemoryMarshal.Cast<byte, Half>(destination[..(x.Length * 2)]);
        TensorPrimitives.ConvertToHalf(x, halves);
    }

    /// <summary>source: [2n] bytes; destination: [n] floats.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        HalfConversion.F16ToSingle(MemoryMarshal.Cast<byte, ushort>(source[..(destination.Length * 2)]), destination);
    }

    /// <summary>Scalar reference of <see cref="Quantize"/>, one value at a time.</summary>
    public static void QuantizeScalar(ReadOnlySpan<float> x, Span<byte> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            ushort bits = HalfConversion.SingleToF16(x[i]);
            destination[2 * i] = (byte)bits;
            destination[2 * i + 1] = (byte)(bits >> 8);
        }
    }

    /// <summary>Scalar reference of <see cref="Dequantize"/>.</summary>
    public static void DequantizeScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = HalfConversion.F16ToSingle((ushort)(source[2 * i] | (source[2 * i + 1] << 8)));
    }
}
