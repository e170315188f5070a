using System.Numerics.Tensors;

namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q8_1, the activation that Q4_1 and Q5_1 rows are dotted with: a Q8_0 block plus s = d * Σq, the block's sum,
/// which carries the weights' per-block minimum (Σ (q_w d_w + m) q_a d_a = d_w d_a Σ q_w q_a + m s).
/// Block layout (36 bytes): d (F16) | s (F16) | qs (32 int8). The quants and d are exactly those <see cref="Q8_0Format"/>
/// makes for the same block (so both activations round alike); s is rounded to F16 from the float d, as
/// quantize_row_q8_1 does.
/// </summary>
public static class Q8_1Format
{
    public const int BlockSize = 32;
    public const int BlockBytes = 36;

    /// <summary>Bytes of a Q8_1 row of <paramref name="n"/> values (n rounded up to whole blocks).</summary>
    public static int RowBytes(int n) => (n + BlockSize - 1) / BlockSize * BlockBytes;

    /// <summary>x: [n] with n a multiple of 32; destination: [n/32 * 36] bytes. Bit-identical to <see cref="QuantizeScalar"/>.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination) => Quantize(x, destination, scalar: false);

    /// <summary>The reference: the quants of <see cref="Q8_0Format.QuantizeScalar"/>, then s.</summary>
    public static void QuantizeScalar(ReadOnlySpan<float> x, Span<byte> destination) => Quantize(x, destination, scalar: true);

    private static void Quantize(ReadOnlySpan<float> x, Span<byte> destination, bool scalar)
    {
        int blocks = Q4_1Format.CheckBlocks("Q8_1", BlockBytes, x.Length, destination.Length);
        Span<byte> q8 = stackalloc byte[Q8_0Format.BlockBytes];
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * BlockSize, BlockSize);
            if (scalar) Q8_0Format.QuantizeScalar(xb, q8);
            else Q8_0Format.Quantize(xb, q8);
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            q8[..2].CopyTo(block);
            q8[2..].CopyTo(block[4..]);
            int sum = 0;
            for (int j = 0; j < BlockSize; j++) sum += (sbyte)q8[2 + j];
            // The float d (max|x| / 127, before its F16 rounding), as ggml multiplies the sum by it.
            float d = MathF.Abs(TensorPrimitives.MaxMagnitude(xb)) / 127;
            Q8_0Format.WriteHalf(block[2..], d * sum);
        }
    }
}
