namespace Wren.Runtime.Tensors;

/// <summary>
/// Element types that weight matrices are kept in; kernels convert to float32 on the fly. The quantized
/// types are ggml's block layouts byte for byte (as a GGUF file stores them), so GGUF tensors are used in place.
/// </summary>
public enum WeightDType
{
    F32,
    F16,
    BF16,

    /// <summary>ggml Q8_0: blocks of 32 values, an F16 scale and 32 int8 quants (34 bytes).</summary>
    Q8_0,

    /// <summary>ggml Q4_0: blocks of 32 values, an F16 scale and 16 bytes of 4-bit quants (18 bytes).</summary>
    Q4_0,

    /// <summary>ggml Q4_K: super-blocks of 256 values (144 bytes).</summary>
    Q4_K,

    /// <summary>ggml Q6_K: super-blocks of 256 values (210 bytes).</summary>
    Q6_K,

    /// <summary>ggml Q5_0: blocks of 32 values, an F16 scale, 32 fifth bits and 16 bytes of 4-bit quants (22 bytes).</summary>
    Q5_0,

    /// <summary>ggml Q4_1: blocks of 32 values, an F16 scale, an F16 minimum and 16 bytes of 4-bit quants (20 bytes).</summary>
    Q4_1,

    /// <summary>ggml Q5_1: blocks of 32 values, an F16 scale, an F16 minimum, 32 fifth bits and 16 bytes of 4-bit quants (24 bytes).</summary>
    Q5_1,
}
