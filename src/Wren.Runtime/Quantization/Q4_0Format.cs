using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q4_0: blocks of 32 values as one F16 scale d and 32 4-bit quants q, value = (q - 8) * d.
/// Block layout (18 bytes): d (2) | qs (16), byte j holding value j in its low nibble and value j+16
/// in its high nibble. Quantization follows quantize_row_q4_0_ref: d = (the value of largest
/// magnitude) / -8, q = min(15, (int8)(x / d + 8.5)).
/// </summary>
public static class Q4_0Format
{
    public const int BlockSize = 32;
    public const int BlockBytes = 18;

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
            float d = max / -8;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            Q8_0Format.WriteHalf(block, d);
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                float x0 = xb[j] * id;
                float x1 = xb[BlockSize / 2 + j] * id;
                int xi0 = Math.Min(15, (int)(sbyte)(x0 + 8.5f));
                int xi1 = Math.Min(15, (int)(sbyte)(x1 + 8.5f));
                block[2 + j] = (byte)(xi0 | (xi1 << 4));
            }
        }
    }

    /// <summary>source: [n/32 * 18] bytes; destination: [n] floats. Vector path is bit-identical to <see cref="DequantizeScalar"/>.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        if (!Vector256.IsHardwareAccelerated)
        {
            DequantizeScalar(source, destination);
            return;
        }
        ref float yRef = ref MemoryMarshal.GetReference(destination);
        Vector128<byte> low = Vector128.Create((byte)0x0F);
        Vector128<sbyte> eight = Vector128.Create((sbyte)8);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            Vector256<float> d = Vector256.Create(Q8_0Format.ReadHalf(block));
            Vector128<byte> qs = Vector128.Create(block.Slice(2, 16));
            Vector128<sbyte> q0 = (qs & low).AsSByte() - eight;
            Vector128<sbyte> q1 = Vector128.ShiftRightLogical(qs, 4).AsSByte() - eight;
            nuint o = (nuint)(b * BlockSize);
            Store16(q0, d, ref yRef, o);
            Store16(q1, d, ref yRef, o + 16);
        }
    }

    private static void Store16(Vector128<sbyte> q, Vector256<float> d, ref float yRef, nuint o)
    {
        Vector256<short> w = Vector256.WidenLower(q.ToVector256Unsafe());
        (Vector256<int> a, Vector256<int> c) = Vector256.Widen(w);
        (Vector256.ConvertToSingle(a) * d).StoreUnsafe(ref yRef, o);
        (Vector256.ConvertToSingle(c) * d).StoreUnsafe(ref yRef, o + 8);
    }

    /// <summary>The reference: dequantize_row_q4_0.</summary>
    public static void DequantizeScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            float d = Q8_0Format.ReadHalf(block);
            for (int j = 0; j < BlockSize / 2; ++j)
            {
                int x0 = (block[2 + j] & 0x0F) - 8;
                int x1 = (block[2 + j] >> 4) - 8;
                destination[b * BlockSize + j] = x0 * d;
                destination[b * BlockSize + j + BlockSize / 2] = x1 * d;
            }
        }
    }

    private static int CheckBlocks(int elements, int bytes)
    {
        if (elements % BlockSize != 0)
            throw new ArgumentException($"Q4_0 needs a multiple of {BlockSize} values, got {elements}");
        int blocks = elements / BlockSize;
        if (bytes < blocks * BlockBytes)
            throw new ArgumentException($"Q4_0 needs {blocks * BlockBytes} bytes for {elements} values, got {bytes}");
        return blocks;
    }
}
