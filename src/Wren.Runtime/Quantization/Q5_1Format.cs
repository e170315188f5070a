using System.Buffers.Binary;

namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q5_1: blocks of 32 values as an F16 scale d, an F16 minimum m and 32 5-bit quants q, value = q * d + m.
/// Block layout (24 bytes): d (2) | m (2) | qh (4: bit j is the fifth bit of value j) | qs (16: low nibble value j,
/// high nibble value j+16). llama-quantize writes it for Q5_1 files and for some tensors of Q5_K_M ones.
/// Quantization follows quantize_row_q5_1_ref: d = (max - min) / 31, q = (uint8)((x - min) / d + 0.5).
/// </summary>
public static class Q5_1Format
{
    public const int BlockSize = 32;
    public const int BlockBytes = 24;

    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = Q4_1Format.CheckBlocks("Q5_1", BlockBytes, x.Length, destination.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * BlockSize, BlockSize);
            var (min, max) = Q4_1Format.MinMax(xb);
            float d = (max - min) / 31;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            Q8_0Format.WriteHalf(block, d);
            Q8_0Format.WriteHalf(block[2..], min);
            uint qh = 0;
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                uint xi0 = (byte)((xb[j] - min) * id + 0.5f);
                uint xi1 = (byte)((xb[BlockSize / 2 + j] - min) * id + 0.5f);
                block[8 + j] = (byte)((xi0 & 0x0F) | ((xi1 & 0x0F) << 4));
                qh |= ((xi0 & 0x10u) >> 4) << j;
                qh |= ((xi1 & 0x10u) >> 4) << (j + BlockSize / 2);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(block[4..], qh);
        }
    }

    /// <summary>The reference: dequantize_row_q5_1.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = Q4_1Format.CheckBlocks("Q5_1", BlockBytes, destination.Length, source.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            float d = Q8_0Format.ReadHalf(block), m = Q8_0Format.ReadHalf(block[2..]);
            uint qh = BinaryPrimitives.ReadUInt32LittleEndian(block[4..]);
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                int x0 = (block[8 + j] & 0x0F) | (int)(((qh >> j) << 4) & 0x10);
                int x1 = (block[8 + j] >> 4) | (int)((qh >> (j + 12)) & 0x10);
                destination[b * BlockSize + j] = x0 * d + m;
                destination[b * BlockSize + j + BlockSize / 2] = x1 * d + m;
            }
        }
    }
}
