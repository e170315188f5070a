using System.Buffers.Binary;

namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q5_0: blocks of 32 values as one F16 scale d and 32 5-bit quants q, value = (q - 16) * d.
/// Block layout (22 bytes): d (2) | qh (4: bit j is the fifth bit of value j) | qs (16: low nibble
/// value j, high nibble value j+16). llama.cpp falls back to it from Q4_K for rows that are not a
/// multiple of 256, so the exporter needs it. Quantization follows quantize_row_q5_0_ref.
/// </summary>
public static class Q5_0Format
{
    public const int BlockSize = 32;
    public const int BlockBytes = 22;

    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = CheckBlocks(x.Length, destination.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * BlockSize, BlockSize);
            float amax = 0.0f, max = 0.0f;
            for (int j = 0; j < BlockSize; j++)
            {
                float v = xb[j];
                if (amax < MathF.Abs(v)) { amax = MathF.Abs(v); max = v; }
            }
            float d = max / -16;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            Q8_0Format.WriteHalf(block, d);
            uint qh = 0;
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                float x0 = xb[j] * id;
                float x1 = xb[BlockSize / 2 + j] * id;
                uint xi0 = (uint)Math.Min(31, (int)(sbyte)(x0 + 16.5f)) & 0xFF;
                uint xi1 = (uint)Math.Min(31, (int)(sbyte)(x1 + 16.5f)) & 0xFF;
                block[6 + j] = (byte)((xi0 & 0x0F) | ((xi1 & 0x0F) << 4));
                qh |= ((xi0 & 0x10u) >> 4) << j;
                qh |= ((xi1 & 0x10u) >> 4) << (j + BlockSize / 2);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(block[2..], qh);
        }
    }

    /// <summary>The reference: dequantize_row_q5_0.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            float d = Q8_0Format.ReadHalf(block);
            uint qh = BinaryPrimitives.ReadUInt32LittleEndian(block[2..]);
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                int xh0 = (int)(((qh >> j) << 4) & 0x10);
                int xh1 = (int)((qh >> (j + 12)) & 0x10);
                int x0 = ((block[6 + j] & 0x0F) | xh0) - 16;
                int x1 = ((block[6 + j] >> 4) | xh1) - 16;
                destination[b * BlockSize + j] = x0 * d;
                destination[b * BlockSize + j + BlockSize / 2] = x1 * d;
            }
        }
    }

    private static int CheckBlocks(int elements, int bytes)
    {
        if (elements % BlockSize != 0)
            throw new ArgumentException($"Q5_0 needs a multiple of {BlockSize} values, got {elements}");
        int blocks = elements / BlockSize;
        if (bytes < blocks * BlockBytes)
            throw new ArgumentException($"Q5_0 needs {blocks * BlockBytes} bytes for {elements} values, got {bytes}");
        return blocks;
    }
}
