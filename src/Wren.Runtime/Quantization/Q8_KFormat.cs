using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Kernels;

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
    /// <remarks>
    /// Decode quantizes every K-quant matrix's input once per token (49 times a token at 110M), so the blocks go through
    /// the widest vectors this CPU runs (<see cref="KernelPaths.Widest"/>), each bit for bit <see cref="QuantizeScalar"/>:
    /// the same first value of largest magnitude, the same products rounded by the same magic-number trick, exact sums.
    /// A block holding a NaN takes the scalar loop (which skips NaNs in its search).
    /// </remarks>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> destination) => Quantize(x, destination, KernelPaths.Widest);

    /// <summary><see cref="Quantize(ReadOnlySpan{float}, Span{byte})"/> on the given path (tests compare every path with the scalar one).</summary>
    internal static void Quantize(ReadOnlySpan<float> x, Span<byte> destination, KernelPath path)
    {
        int blocks = CheckBlocks(x, destination);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref byte yr = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < blocks; i++)
        {
            ref float xb = ref Unsafe.Add(ref xr, i * BlockSize);
            ref byte y = ref Unsafe.Add(ref yr, i * BlockBytes);
            bool done = path switch
            {
                KernelPath.Vector512 => Block512(ref xb, ref y),
                KernelPath.Vector256 => Block256(ref xb, ref y),
                KernelPath.Vector128 => Block128(ref xb, ref y),
                _ => false,
            };
            if (!done) BlockScalar(x.Slice(i * BlockSize, BlockSize), destination.Slice(i * BlockBytes, BlockBytes));
        }
    }

    /// <summary>The reference, quantize_row_q8_K_ref's loops as written.</summary>
    public static void QuantizeScalar(ReadOnlySpan<float> x, Span<byte> destination)
    {
        int blocks = CheckBlocks(x, destination);
        for (int i = 0; i < blocks; i++) BlockScalar(x.Slice(i * BlockSize, BlockSize), destination.Slice(i * BlockBytes, BlockBytes));
    }

    private static int CheckBlocks(ReadOnlySpan<float> x, Span<byte> destination)
    {
        if (x.Length % BlockSize != 0) throw new ArgumentException($"Q8_K needs a multiple of {BlockSize} values, got {x.Length}", nameof(x));
        int blocks = x.Length / BlockSize;
        if (destination.Length < blocks * BlockBytes) throw new ArgumentException($"Q8_K needs {blocks * BlockBytes} bytes, got {destination.Length}", nameof(destination));
        return blocks;
    }

    private static void BlockScalar(ReadOnlySpan<float> xb, Span<byte> y)
    {
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
            y[..BlockBytes].Clear();
            return;
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

    // The vector blocks: the largest magnitude, then the first value that has it (the scalar search keeps the first of
    // equal magnitudes, whatever their signs), then 16 groups of 16 quants. False (nothing written) when the block's
    // largest magnitude matches no value, i.e. it holds a NaN.

    private static bool Block512(ref float xb, ref byte y)
    {
        var m = Vector512<float>.Zero;
        for (int j = 0; j < BlockSize; j += 16) m = Vector512.MaxNative(m, Vector512.Abs(Vector512.LoadUnsafe(ref xb, (nuint)j)));
        var half = Vector256.MaxNative(m.GetLower(), m.GetUpper());
        float amax = HorizontalMax(Vector128.MaxNative(half.GetLower(), half.GetUpper()));
        if (!Prepare(amax, ref xb, ref y, out float iscale)) return amax == 0;
        var scale = Vector512.Create(iscale);
        for (int g = 0; g < BlockSize / 16; g += 4)
        {
            var q0 = Nearest(Vector512.LoadUnsafe(ref xb, (nuint)(16 * g)) * scale);
            var q1 = Nearest(Vector512.LoadUnsafe(ref xb, (nuint)(16 * g + 16)) * scale);
            var q2 = Nearest(Vector512.LoadUnsafe(ref xb, (nuint)(16 * g + 32)) * scale);
            var q3 = Nearest(Vector512.LoadUnsafe(ref xb, (nuint)(16 * g + 48)) * scale);
            Vector512.Narrow(Vector512.Narrow(q0, q1), Vector512.Narrow(q2, q3)).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref y, QuantsOffset + 16 * g)));
            WriteSum(ref y, g, Vector512.Sum(q0));
            WriteSum(ref y, g + 1, Vector512.Sum(q1));
            WriteSum(ref y, g + 2, Vector512.Sum(q2));
            WriteSum(ref y, g + 3, Vector512.Sum(q3));
        }

        return true;
    }

    private static bool Block256(ref float xb, ref byte y)
    {
        var m = Vector256<float>.Zero;
        for (int j = 0; j < BlockSize; j += 8) m = Vector256.MaxNative(m, Vector256.Abs(Vector256.LoadUnsafe(ref xb, (nuint)j)));
        float amax = HorizontalMax(Vector128.MaxNative(m.GetLower(), m.GetUpper()));
        if (!Prepare(amax, ref xb, ref y, out float iscale)) return amax == 0;
        var scale = Vector256.Create(iscale);
        for (int g = 0; g < BlockSize / 16; g += 2)
        {
            var q0 = Nearest(Vector256.LoadUnsafe(ref xb, (nuint)(16 * g)) * scale);
            var q1 = Nearest(Vector256.LoadUnsafe(ref xb, (nuint)(16 * g + 8)) * scale);
            var q2 = Nearest(Vector256.LoadUnsafe(ref xb, (nuint)(16 * g + 16)) * scale);
            var q3 = Nearest(Vector256.LoadUnsafe(ref xb, (nuint)(16 * g + 24)) * scale);
            Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3)).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref y, QuantsOffset + 16 * g)));
            WriteSum(ref y, g, Vector256.Sum(q0 + q1));
            WriteSum(ref y, g + 1, Vector256.Sum(q2 + q3));
        }

        return true;
    }

    private static bool Block128(ref float xb, ref byte y)
    {
        var m = Vector128<float>.Zero;
        for (int j = 0; j < BlockSize; j += 4) m = Vector128.MaxNative(m, Vector128.Abs(Vector128.LoadUnsafe(ref xb, (nuint)j)));
        float amax = HorizontalMax(m);
        if (!Prepare(amax, ref xb, ref y, out float iscale)) return amax == 0;
        var scale = Vector128.Create(iscale);
        for (int g = 0; g < BlockSize / 16; g++)
        {
            var q0 = Nearest(Vector128.LoadUnsafe(ref xb, (nuint)(16 * g)) * scale);
            var q1 = Nearest(Vector128.LoadUnsafe(ref xb, (nuint)(16 * g + 4)) * scale);
            var q2 = Nearest(Vector128.LoadUnsafe(ref xb, (nuint)(16 * g + 8)) * scale);
            var q3 = Nearest(Vector128.LoadUnsafe(ref xb, (nuint)(16 * g + 12)) * scale);
            Vector128.Narrow(Vector128.Narrow(q0, q1), Vector128.Narrow(q2, q3)).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref y, QuantsOffset + 16 * g)));
            WriteSum(ref y, g, Vector128.Sum((q0 + q1) + (q2 + q3)));
        }

        return true;
    }

    /// <summary>
    /// Finds the first value of magnitude <paramref name="amax"/> and writes the block's scale, or clears the block when
    /// it is all zeros. False when there is nothing more to do (zeros) or nothing matched (a NaN).
    /// </summary>
    private static bool Prepare(float amax, ref float xb, ref byte y, out float iscale)
    {
        iscale = 0;
        if (amax == 0)
        {
            Unsafe.InitBlockUnaligned(ref y, 0, BlockBytes);
            return false;
        }

        for (int j = 0; j < BlockSize; j++)
        {
            float v = Unsafe.Add(ref xb, j);
            if (MathF.Abs(v) == amax)
            {
                iscale = -127f / v;
                Unsafe.WriteUnaligned(ref y, 1 / iscale);
                return true;
            }
        }

        return false;
    }

    private static float HorizontalMax(Vector128<float> m)
    {
        m = Vector128.MaxNative(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.MaxNative(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    /// <summary>KQuantMath.NearestInt lane by lane, capped at 127 as the scalar loop caps it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Nearest(Vector512<float> v) =>
        Vector512.Min(((v + Vector512.Create(12582912f)).AsInt32() & Vector512.Create(0x007fffff)) - Vector512.Create(0x00400000), Vector512.Create(127));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Nearest(Vector256<float> v) =>
        Vector256.Min(((v + Vector256.Create(12582912f)).AsInt32() & Vector256.Create(0x007fffff)) - Vector256.Create(0x00400000), Vector256.Create(127));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Nearest(Vector128<float> v) =>
        Vector128.Min(((v + Vector128.Create(12582912f)).AsInt32() & Vector128.Create(0x007fffff)) - Vector128.Create(0x00400000), Vector128.Create(127));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteSum(ref byte y, int group, int sum) => Unsafe.WriteUnaligned(ref Unsafe.Add(ref y, SumsOffset + 2 * group), (short)sum);

    /// <summary>The scale d of block <paramref name="block"/>.</summary>
    public static float Scale(ReadOnlySpan<byte> row, int block) => MemoryMarshal.Read<float>(row[(block * BlockBytes)..]);
}
