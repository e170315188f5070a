namespace Wren.Runtime.Quantization;

/// <summary>
/// Block layout of each ggml type: how many elements one block holds and how many bytes it takes
/// (ggml's <c>type_traits[].blck_size</c> and <c>.type_size</c>). A row of n elements occupies
/// n / BlockSize * TypeSize bytes, and n must be a multiple of BlockSize.
/// </summary>
public static class GgmlTypeTraits
{
    /// <summary>Elements in one super-block of the K-quants (ggml's QK_K).</summary>
    public const int QK_K = 256;

    /// <summary>Whether ggml defines the type (so a file naming it is readable, even if not computable here).</summary>
    public static bool IsKnown(GgmlType type) => TryGetLayout(type, out _, out _);

    public static int BlockSize(GgmlType type) =>
        TryGetLayout(type, out int block, out _) ? block : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown ggml type");

    public static int TypeSize(GgmlType type) =>
        TryGetLayout(type, out _, out int size) ? size : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown ggml type");

    /// <summary>Bytes taken by <paramref name="elements"/> values of <paramref name="type"/> (ggml_row_size).</summary>
    public static long RowSize(GgmlType type, long elements)
    {
        TryGetLayout(type, out int block, out int size);
        if (block == 0) throw new ArgumentOutOfRangeException(nameof(type), type, "unknown ggml type");
        if (elements % block != 0)
            throw new ArgumentException($"{elements} elements are not a whole number of {type} blocks of {block}", nameof(elements));
        return elements / block * size;
    }

    /// <summary>The lower-case name llama.cpp prints for a type (e.g. "q8_0").</summary>
    public static string Name(GgmlType type) => type.ToString().ToLowerInvariant();

    public static bool TryGetLayout(GgmlType type, out int blockSize, out int typeSize)
    {
        (blockSize, typeSize) = type switch
        {
            GgmlType.F32 => (1, 4),
            GgmlType.F16 => (1, 2),
            GgmlType.BF16 => (1, 2),
            GgmlType.F64 => (1, 8),
            GgmlType.I8 => (1, 1),
            GgmlType.I16 => (1, 2),
            GgmlType.I32 => (1, 4),
            GgmlType.I64 => (1, 8),
            GgmlType.Q4_0 => (32, 18),
            GgmlType.Q4_1 => (32, 20),
            GgmlType.Q5_0 => (32, 22),
            GgmlType.Q5_1 => (32, 24),
            GgmlType.Q8_0 => (32, 34),
            GgmlType.Q8_1 => (32, 36),
            GgmlType.Q2_K => (QK_K, 84),
            GgmlType.Q3_K => (QK_K, 110),
            GgmlType.Q4_K => (QK_K, 144),
            GgmlType.Q5_K => (QK_K, 176),
            GgmlType.Q6_K => (QK_K, 210),
            GgmlType.Q8_K => (QK_K, 292),
            GgmlType.IQ2_XXS => (QK_K, 66),
            GgmlType.IQ2_XS => (QK_K, 74),
            GgmlType.IQ3_XXS => (QK_K, 98),
            GgmlType.IQ1_S => (QK_K, 50),
            GgmlType.IQ4_NL => (32, 18),
            GgmlType.IQ3_S => (QK_K, 110),
            GgmlType.IQ2_S => (QK_K, 82),
            GgmlType.IQ4_XS => (QK_K, 136),
            GgmlType.IQ1_M => (QK_K, 56),
            GgmlType.TQ1_0 => (QK_K, 54),
            GgmlType.TQ2_0 => (QK_K, 66),
            GgmlType.MXFP4 => (32, 17),
            _ => (0, 0),
        };
        return blockSize != 0;
    }
}
