namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q4_1: blocks of 32 values as an F16 scale d, an F16 minimum m and 32 4-bit quants q, value = q * d + m.
/// Block layout (20 bytes): d (2) | m (2) | qs (16: low nibble value j, high nibble value j+16). Quantization follows
/// quantize_row_q4_1_ref: d = (max - min) / 15, q = min(15, (int8)((x - min) / d + 0.5)).
/// </summary>
public static class Q4_1Format
{
    public const int BlockSize = 32;
    public const int BlockBytes = 20;

    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = CheckBlocks("Q4_1", BlockBytes, x.Length, destination.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * BlockSize, BlockSize);
            var (min, max) = MinMax(xb);
            float d = (max - min) / 15;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            Q8_0Format.WriteHalf(block, d);
            Q8_0Format.WriteHalf(block[2..], min);
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                int xi0 = Math.Min(15, (int)(sbyte)((xb[j] - min) * id + 0.5f));
                int xi1 = Math.Min(15, (int)(sbyte)((xb[BlockSize / 2 + j] - min) * id + 0.5f));
                block[4 + j] = (byte)(xi0 | (xi1 << 4));
            }
        }
    }

    /// <summary>The reference: dequantize_row_q4_1.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks("Q4_1", BlockBytes, destination.Length, source.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            float d = Q8_0Format.ReadHalf(block), m = Q8_0Format.ReadHalf(block[2..]);
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                destination[b * BlockSize + j] = (block[4 + j] & 0x0F) * d + m;
                destination[b * BlockSize + j + BlockSize / 2] = (block[4 + j] >> 4) * d + m;
            }
        }
    }

    /// <summary>The block's least and greatest value, as the _1 formats' reference quantizers find them.</summary>
    internal static (float Min, float Max) MinMax(ReadOnlySpan<float> xb)
    {
        float min = float.MaxValue, max = -float.MaxValue;
        foreach (float v in xb)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }

        return (min, max);
    }

    /// <summary>Blocks of 32 in <paramref name="elements"/> values, checked against <paramref name="bytes"/> (the 32-value block formats Q4_1, Q5_1 and Q8_1).</summary>
    internal static int CheckBlocks(string type, int blockBytes, int elements, int bytes)
    {
        if (elements % BlockSize != 0)
            throw new ArgumentException($"{type} needs a multiple of {BlockSize} values, got {elements}");
        int blocks = elements / BlockSize;
        if (bytes < blocks * blockBytes)
            throw new ArgumentException($"{type} needs {blocks * blockBytes} bytes for {elements} values, got {bytes}");
        return blocks;
    }
}
