using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Quantization;

/// <summary>
/// ggml's Q4_K: super-blocks of 256 values in 8 sub-blocks of 32, value = d * sc * q - dmin * m
/// with 4-bit q and 6-bit sub-block scale sc and min m. Block layout (144 bytes):
/// d (F16) | dmin (F16) | scales (12: eight 6-bit scales and eight 6-bit mins, packed as
/// get_scale_min_k4 reads them) | qs (128: for each 64 values, 32 bytes with value l in the low
/// nibble and value l+32 in the high nibble). Quantization follows quantize_row_q4_K_ref.
/// </summary>
public static class Q4_KFormat
{
    public const int BlockSize = GgmlTypeTraits.QK_K;
    public const int BlockBytes = 144;

    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = CheckBlocks(x.Length, destination.Length);
        Span<byte> l = stackalloc byte[BlockSize];
        Span<byte> laux = stackalloc byte[32];
        Span<float> weights = stackalloc float[32];
        Span<float> mins = stackalloc float[BlockSize / 32];
        Span<float> scales = stackalloc float[BlockSize / 32];
        for (int i = 0; i < blocks; i++)
        {
            ReadOnlySpan<float> xb = x.Slice(i * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(i * BlockBytes, BlockBytes);
            Span<byte> ys = y.Slice(4, 12);
            Span<byte> q = y.Slice(16, 128);
            float maxScale = 0, maxMin = 0;
            for (int j = 0; j < BlockSize / 32; ++j)
            {
                ReadOnlySpan<float> xs = xb.Slice(32 * j, 32);
                float sumX2 = 0;
                for (int k = 0; k < 32; ++k) sumX2 += xs[k] * xs[k];
                float avX = MathF.Sqrt(sumX2 / 32);
                for (int k = 0; k < 32; ++k) weights[k] = avX + MathF.Abs(xs[k]);
                scales[j] = KQuantMath.MakeQkx2Quants(32, 15, xs, weights, l.Slice(32 * j, 32), out mins[j], laux, -1f, 0.1f, 20, false);
                if (scales[j] > maxScale) maxScale = scales[j];
                if (mins[j] > maxMin) maxMin = mins[j];
            }
            float invScale = maxScale > 0 ? 63f / maxScale : 0f;
            float invMin = maxMin > 0 ? 63f / maxMin : 0f;
            ys.Clear();
            for (int j = 0; j < BlockSize / 32; ++j)
            {
                byte ls = (byte)KQuantMath.NearestInt(invScale * scales[j]);
                byte lm = (byte)KQuantMath.NearestInt(invMin * mins[j]);
                ls = Math.Min((byte)63, ls);
                lm = Math.Min((byte)63, lm);
                if (j < 4)
                {
                    ys[j] = ls;
                    ys[j + 4] = lm;
                }
                else
                {
                    ys[j + 4] = (byte)((ls & 0xF) | ((lm & 0xF) << 4));
                    ys[j - 4] |= (byte)((ls >> 4) << 6);
                    ys[j] |= (byte)((lm >> 4) << 6);
                }
            }
            Q8_0Format.WriteHalf(y, maxScale / 63f);
            Q8_0Format.WriteHalf(y[2..], maxMin / 63f);
            float dAll = Q8_0Format.ReadHalf(y);
            float minAll = Q8_0Format.ReadHalf(y[2..]);
            for (int j = 0; j < BlockSize / 32; ++j)
            {
                KQuantMath.GetScaleMinK4(j, ys, out byte sc, out byte m);
                float d = dAll * sc;
                if (d == 0) continue;
                float dm = minAll * m;
                for (int ii = 0; ii < 32; ++ii)
                {
                    int li = KQuantMath.NearestInt((xb[32 * j + ii] + dm) / d);
                    l[32 * j + ii] = (byte)Math.Max(0, Math.Min(15, li));
                }
            }
            for (int j = 0, o = 0; j < BlockSize; j += 64, o += 32)
                for (int k = 0; k < 32; ++k) q[o + k] = (byte)(l[j + k] | (l[j + k + 32] << 4));
        }
    }

    /// <summary>source: [n/256 * 144] bytes; destination: [n] floats. Bit-identical to <see cref="DequantizeScalar"/>.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        if (!Vector256.IsHardwareAccelerated)
        {
            DequantizeScalar(source, destination);
            return;
        }
        ref float yRef = ref MemoryMarshal.GetReference(destination);
        Vector256<byte> low = Vector256.Create((byte)0x0F);
        for (int i = 0; i < blocks; i++)
        {
            ReadOnlySpan<byte> x = source.Slice(i * BlockBytes, BlockBytes);
            ReadOnlySpan<byte> scales = x.Slice(4, 12);
            float d = Q8_0Format.ReadHalf(x);
            float min = Q8_0Format.ReadHalf(x[2..]);
            nuint yo = (nuint)(i * BlockSize);
            for (int j = 0, isub = 0, qo = 16; j < BlockSize; j += 64, isub += 2, qo += 32, yo += 64)
            {
                KQuantMath.GetScaleMinK4(isub, scales, out byte sc, out byte m);
                Vector256<float> d1 = Vector256.Create(d * sc), m1 = Vector256.Create(min * m);
                KQuantMath.GetScaleMinK4(isub + 1, scales, out sc, out m);
                Vector256<float> d2 = Vector256.Create(d * sc), m2 = Vector256.Create(min * m);
                Vector256<byte> q = Vector256.Create(x.Slice(qo, 32));
                Store32(q & low, d1, m1, ref yRef, yo);
                Store32(Vector256.ShiftRightLogical(q, 4), d2, m2, ref yRef, yo + 32);
            }
        }
    }

    /// <summary>y[0..32) = d * q - m, in the same float operations as the scalar loop.</summary>
    private static void Store32(Vector256<byte> q, Vector256<float> d, Vector256<float> m, ref float yRef, nuint offset)
    {
        (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(q);
        (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(lo);
        (Vector256<uint> c, Vector256<uint> e) = Vector256.Widen(hi);
        (d * Vector256.ConvertToSingle(a.AsInt32()) - m).StoreUnsafe(ref yRef, offset);
        (d * Vector256.ConvertToSingle(b.AsInt32()) - m).StoreUnsafe(ref yRef, offset + 8);
        (d * Vector256.ConvertToSingle(c.AsInt32()) - m).StoreUnsafe(ref yRef, offset + 16);
        (d * Vector256.ConvertToSingle(e.AsInt32()) - m).StoreUnsafe(ref yRef, offset + 24);
    }

    /// <summary>The reference: dequantize_row_q4_K.</summary>
    public static void DequantizeScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckBlocks(destination.Length, source.Length);
        for (int i = 0; i < blocks; i++)
        {
            ReadOnlySpan<byte> x = source.Slice(i * BlockBytes, BlockBytes);
            ReadOnlySpan<byte> scales = x.Slice(4, 12);
            ReadOnlySpan<byte> q = x.Slice(16, 128);
            Span<float> y = destination.Slice(i * BlockSize, BlockSize);
            float d = Q8_0Format.ReadHalf(x);
            float min = Q8_0Format.ReadHalf(x[2..]);
            int yi = 0;
            for (int j = 0, isub = 0, qo = 0; j < BlockSize; j += 64, isub += 2, qo += 32)
            {
                KQuantMath.GetScaleMinK4(isub, scales, out byte sc, out byte m);
                float d1 = d * sc, m1 = min * m;
                KQuantMath.GetScaleMinK4(isub + 1, scales, out sc, out m);
                float d2 = d * sc, m2 = min * m;
                for (int k = 0; k < 32; ++k) y[yi++] = d1 * (q[qo + k] & 0xF) - m1;
                for (int k = 0; k < 32; ++k) y[yi++] = d2 * (q[qo + k] >> 4) - m2;
            }
        }
    }

    private static int CheckBlocks(int elements, int bytes)
    {
        if (elements % BlockSize != 0)
            throw new ArgumentException($"Q4_K needs a multiple of {BlockSize} values, got {elements}");
        int blocks = elements / BlockSize;
        if (bytes < blocks * BlockBytes)
            throw new ArgumentException($"Q4_K needs {blocks * BlockBytes} bytes for {elements} values, got {bytes}");
        return blocks;
    }
}
