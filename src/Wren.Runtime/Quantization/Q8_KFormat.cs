using System.Runtime.InteropServices;

namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q8_K: the activation format K-quant weights are multiplied with. Blocks of 256 values:
/// d (float32) | qs (256 x int8) | bsums (16 x int16, the sum of each 16 quants). Only ever an
/// intermediate (never stored in GGUF files); quantization follows quantize_row_q8_K_ref: the value of
/// largest magnitude maps to -127 (iscale = -127 / max), the others are rounded and clamped to 127.
/// </summary>
public static class Q8_KFormat
{
    public const int BlockSize = GgmlTypeTraits.QK_K;
    public const int BlockBytes = 4 + BlockSize + 2 * (BlockSize / 16);

    /// <summary>Byte offset of the int8 quants inside a block.</summary>
    public const int QuantsOffset = 4;

    /// <summary>Byte offset of the 16 int16 group sums inside a block.</summary>
    public const int SumsOffset = 4 + BlockSize;

    /// <summary>Bytes of the Q8_K copy of <paramref name="n"/> values (n a multiple of 256).</summary>
    public static int RowBytes(int n) => n / BlockSize * BlockBytes;

    /// <summary>destination = Q8_K(x). Shapes: x [n] (n a multiple of 256), destination [n/256 * 292] bytes.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        if (x.Length % BlockSize != 0) throw new ArgumentException($"Q8_K needs a multiple of {BlockSize} values, got {x.Length}", nameof(x));
        int blocks = x.Length / BlockSize;
        if (destination.Length < blocks * BlockBytes) throw new ArgumentException($"Q8_K needs {blocks * BlockBytes} bytes, got {destination.Length}", nameof(destination));
        for (int i = 0; i < blocks; i++)
        {
            ReadOnlySpan<float> xb = x.Slice(i * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(i * BlockBytes, BlockBytes);
            float max = 0, amax = 0;
            for (int j = 0; j < BlockSize; j++)
            {
                float ax = MathF.Abs(xb[j]);
                if (ax > amax)
                {
                    amax = ax;
                    max = xb[j];
                }
            }

            Span<sbyte> qs = MemoryMarshal.Cast<byte, sbyte>(y.Slice(QuantsOffset, BlockSize));
            Span<short> sums = MemoryMarshal.Cast<byte, short>(y.Slice(SumsOffset, 2 * (BlockSize / 16)));
            if (amax == 0)
            {
                y.Clear();
                continue;
            }

            float iscale = -127f / max;
            for (int j = 0; j < BlockSize; j++)
            {
                int v = KQuantMath.NearestInt(iscale * xb[j]);
                qs[j] = (sbyte)Math.Min(127, v);
            }

            for (int g = 0; g < BlockSize / 16; g++)
            {
                int sum = 0;
                for (int j = 0; j < 16; j++) sum += qs[g * 16 + j];
                sums[g] = (short)sum;
            }

            MemoryMarshal.Write(y, 1 / iscale);
        }
    }

    /// <summary>The scale d of block <paramref name="block"/>.</summary>
    public static float Scale(ReadOnlySpan<byte> row, int block) => MemoryMarshal.Read<float>(row[(block * BlockBytes)..]);
}
