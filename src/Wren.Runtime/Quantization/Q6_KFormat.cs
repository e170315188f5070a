namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q6_K: super-blocks of 256 values in 16 sub-blocks of 16, value = d * sc * (q - 32) with
/// 6-bit q and an int8 sub-block scale sc. Block layout (210 bytes): ql (128: low 4 bits) |
/// qh (64: high 2 bits) | scales (16 x int8) | d (F16). llama.cpp's Q4_K_M mix keeps the output
/// matrix and some attention-value / feed-forward-down matrices in it. Quantization follows
/// quantize_row_q6_K_ref.
/// </summary>
public static class Q6_KFormat
{
    public const int BlockSize = GgmlTypeTraits.QK_K;
    public const int BlockBytes = 210;

    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = CheckBlocks(x.Length, destination.Length);
        Span<sbyte> l = stackalloc sbyte[BlockSize];
        Span<float> scales = stackalloc float[BlockSize / 16];
        for (int i = 0; i < blocks; i++)
        {
            ReadOnlySpan<float> xb = x.Slice(i * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(i * BlockBytes, BlockBytes);
            Span<byte> ql = y[..128];
            Span<byte> qh = y.Slice(128, 64);
            Span<byte> ysc = y.Slice(192, 16);
            float maxScale = 0, maxAbsScale = 0;
            for (int ib = 0; ib < BlockSize / 16; ++ib)
            {
                float scale = KQuantMath.MakeQxQuants(16, 32, xb.Slice(16 * ib, 16), l.Slice(16 * ib, 16));
                scales[ib] = scale;
                float absScale = MathF.Abs(scale);
                if (absScale > maxAbsScale)
                {
                    maxAbsScale = absScale;
                    maxScale = scale;
                }
            }
            if (maxAbsScale < KQuantMath.GroupMaxEps)
            {
                y.Clear();
                continue;
            }
            float iscale = -128f / maxScale;
            Q8_0Format.WriteHalf(y[208..], 1 / iscale);
            for (int ib = 0; ib < BlockSize / 16; ++ib)
                ysc[ib] = (byte)(sbyte)Math.Min(127, KQuantMath.NearestInt(iscale * scales[ib]));
            float dAll = Q8_0Format.ReadHalf(y[208..]);
            for (int j = 0; j < BlockSize / 16; ++j)
            {
                float d = dAll * (sbyte)ysc[j];
                if (d == 0) continue;
                for (int ii = 0; ii < 16; ++ii)
                {
                    int li = KQuantMath.NearestInt(xb[16 * j + ii] / d);
                    li = Math.Max(-32, Math.Min(31, li));
                    l[16 * j + ii] = (sbyte)(li + 32);
                }
            }
            for (int j = 0, lo = 0, ho = 0; j < BlockSize; j += 128, lo += 64, ho += 32)
            {
                for (int k = 0; k < 32; ++k)
                {
                    int q1 = l[j + k] & 0xF;
                    int q2 = l[j + k + 32] & 0xF;
                    int q3 = l[j + k + 64] & 0xF;
                    int q4 = l[j + k + 96] & 0xF;
                    ql[lo + k] = (byte)(q1 | (q3 << 4));
                    ql[lo + k + 32] = (byte)(q2 | (q4 << 4));
                    qh[ho + k] = (byte)((l[j + k] >> 4) | ((l[j + k + 32] >> 4) << 2) | ((l[j + k + 64] >> 4) << 4) | ((l[j + k + 96] >> 4) << 6));
                }
            }
        }
    }

    /// <summary>The reference: dequantize_row_q6_K.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        for (int i = 0; i < blocks; i++)
        {
            ReadOnlySpan<byte> x = source.Slice(i * BlockBytes, BlockBytes);
            float d = Q8_0Format.ReadHalf(x[208..]);
            Span<float> y = destination.Slice(i * BlockSize, BlockSize);
            for (int n = 0, lo = 0, ho = 0, so = 0; n < BlockSize; n += 128, lo += 64, ho += 32, so += 8)
            {
                for (int k = 0; k < 32; ++k)
                {
                    int isc = k / 16;
                    byte l0 = x[lo + k], l32 = x[lo + k + 32], h = x[128 + ho + k];
                    int q1 = ((l0 & 0xF) | (((h >> 0) & 3) << 4)) - 32;
                    int q2 = ((l32 & 0xF) | (((h >> 2) & 3) << 4)) - 32;
                    int q3 = ((l0 >> 4) | (((h >> 4) & 3) << 4)) - 32;
                    int q4 = ((l32 >> 4) | (((h >> 6) & 3) << 4)) - 32;
                    y[n + k] = d * (sbyte)x[192 + so + isc] * q1;
                    y[n + k + 32] = d * (sbyte)x[192 + so + isc + 2] * q2;
                    y[n + k + 64] = d * (sbyte)x[192 + so + isc + 4] * q3;
                    y[n + k + 96] = d * (sbyte)x[192 + so + isc + 6] * q4;
                }
            }
        }
    }

    private static int CheckBlocks(int elements, int bytes)
    {
        if (elements % BlockSize != 0)
            throw new ArgumentException($"Q6_K needs a multiple of {BlockSize} values, got {elements}");
        int blocks = elements / BlockSize;
        if (bytes < blocks * BlockBytes)
            throw new ArgumentException($"Q6_K needs {blocks * BlockBytes} bytes for {elements} values, got {bytes}");
        return blocks;
    }
}
