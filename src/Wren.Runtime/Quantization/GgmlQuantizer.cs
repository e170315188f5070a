namespace Wren.Runtime.Quantization;

/// <summary>Quantizes and dequantizes rows of any type Wren writes, by ggml type.</summary>
public static class GgmlQuantizer
{
    /// <summary>Whether <see cref="Quantize"/> and <see cref="Dequantize"/> handle the type.</summary>
    public static bool IsSupported(GgmlType type) => type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16
        or GgmlType.Q8_0 or GgmlType.Q4_0 or GgmlType.Q4_1 or GgmlType.Q5_0 or GgmlType.Q5_1 or GgmlType.Q4_K or GgmlType.Q6_K;

    /// <summary>x: [n] floats, n a multiple of the type's block size; destination: RowSize(type, n) bytes.</summary>
    public static void Quantize(GgmlType type, ReadOnlySpan<float> x, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(x).CopyTo(destination);
                break;
            case GgmlType.F16: F16Format.Quantize(x, destination); break;
            case GgmlType.BF16: BF16Format.Quantize(x, destination); break;
            case GgmlType.Q8_0: Q8_0Format.Quantize(x, destination); break;
            case GgmlType.Q4_0: Q4_0Format.Quantize(x, destination); break;
            case GgmlType.Q5_0: Q5_0Format.Quantize(x, destination); break;
            case GgmlType.Q4_1: Q4_1Format.Quantize(x, destination); break;
            case GgmlType.Q5_1: Q5_1Format.Quantize(x, destination); break;
            case GgmlType.Q4_K: Q4_KFormat.Quantize(x, destination); break;
            case GgmlType.Q6_K: Q6_KFormat.Quantize(x, destination); break;
            default: throw new NotSupportedException($"quantizing to {GgmlTypeTraits.Name(type)} is not supported");
        }
    }

    /// <summary>source: RowSize(type, n) bytes; destination: [n] floats.</summary>
    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                source[..(destination.Length * 4)].CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination));
                break;
            case GgmlType.F16: F16Format.Dequantize(source, destination); break;
            case GgmlType.BF16: BF16Format.Dequantize(source, destination); break;
            case GgmlType.Q8_0: Q8_0Format.Dequantize(source, destination); break;
            case GgmlType.Q4_0: Q4_0Format.Dequantize(source, destination); break;
            case GgmlType.Q5_0: Q5_0Format.Dequantize(source, destination); break;
            case GgmlType.Q4_1: Q4_1Format.Dequantize(source, destination); break;
            case GgmlType.Q5_1: Q5_1Format.Dequantize(source, destination); break;
            case GgmlType.Q4_K: Q4_KFormat.Dequantize(source, destination); break;
            case GgmlType.Q6_K: Q6_KFormat.Dequantize(source, destination); break;
            default: throw new NotSupportedException($"dequantizing {GgmlTypeTraits.Name(type)} is not supported");
        }
    }
}
