using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wren.Runtime.Kernels;

/// <summary>
/// IEEE half (F16) and bfloat16 (BF16) to float32 and back: the one conversion every kernel, reader and quantizer uses.
/// Up, both are exact (every F16 and BF16 value is a float32 value). .NET exposes neither F16C nor FCVTL for halves nor
/// AVX-512 BF16, so the same integer steps run at every width (the scalar F16 form reads them from a table): BF16 is the top half of a float32; an
/// F16 sign-extended to 32 bits, shifted left by 13 and masked is a float32 whose value times 2^112 is the half's, for
/// normals and subnormals alike (infinity and NaN then only need their exponent set to all ones). Down, F16 rounds to
/// nearest even with ggml's branch-free ggml_compute_fp32_to_fp16 (so block scales are ggml's bits) and BF16 rounds to
/// nearest even with NaN kept quiet, as PyTorch's <c>.to(torch.bfloat16)</c> and ggml do.
/// </summary>
public static class HalfConversion
{
    private const int F16Mask = unchecked((int)0x8FFFE000); // sign, exponent and mantissa of the shifted half
    private const int F16Exponent = 0x0F800000; // where the half's exponent lands after the shift
    private static readonly float TwoPow112 = MathF.ScaleB(1f, 112); // 2^(127 - 15): re-biases an F16 exponent to float32's
    private static readonly float ScaleToZero = MathF.ScaleB(1f, -110);

    // Every half's value, computed once by Widen below: the quantized kernels convert one block scale per 32 weights
    // inside their innermost loop, where a load from this table (ggml's table_f32_f16) measured faster than the five
    // integer steps (15M Q8_0 decode, AVX-512 EPYC).
    private static readonly float[] Table = BuildTable();

    /// <summary>(float)BitConverter.UInt16BitsToHalf(bits), exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F16ToSingle(ushort bits) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), bits);

    private static float[] BuildTable()
    {
        var table = new float[65536];
        for (int i = 0; i < table.Length; i++) table[i] = Widen((ushort)i);
        return table;
    }

    /// <summary>The scalar form of the vector conversions' steps.</summary>
    internal static float Widen(ushort bits)
    {
        int shifted = ((short)bits << 13) & F16Mask;
        float scaled = BitConverter.Int32BitsToSingle(shifted) * TwoPow112;
        return (shifted & F16Exponent) == F16Exponent ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(scaled) | 0x7F800000) : scaled;
    }

    /// <summary>BitConverter.Int32BitsToSingle(bits &lt;&lt; 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BF16ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>Round-to-nearest-even float32 to F16 bits (ggml_compute_fp32_to_fp16; NaN becomes a quiet NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort SingleToF16(float value)
    {
        float scaled = MathF.Abs(value) * TwoPow112 * ScaleToZero;
        uint w = BitConverter.SingleToUInt32Bits(value);
        uint shl1 = w + w;
        uint sign = w & 0x80000000u;
        uint bias = shl1 & 0xFF000000u;
        if (bias < 0x71000000u) bias = 0x71000000u;
        scaled = BitConverter.UInt32BitsToSingle((bias >> 1) + 0x07800000u) + scaled;
        uint bits = BitConverter.SingleToUInt32Bits(scaled);
        uint expBits = (bits >> 13) & 0x00007C00u;
        uint mantissaBits = bits & 0x00000FFFu;
        uint nonsign = expBits + mantissaBits;
        return (ushort)((sign >> 16) | (shl1 > 0xFF000000u ? 0x7E00u : nonsign));
    }

    /// <summary>Round-to-nearest-even float32 to BF16 bits (NaN stays a quiet NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort SingleToBF16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) return (ushort)((bits >> 16) | 0x40);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>destination[i] = F16ToSingle(source[i]). Shapes: [n] -> [n].</summary>
    public static void F16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination) => F16ToSingle(source, destination, KernelPaths.Widest);

    /// <summary>destination[i] = BF16ToSingle(source[i]). Shapes: [n] -> [n].</summary>
    public static void BF16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination) => BF16ToSingle(source, destination, KernelPaths.Widest);

    internal static void F16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination, KernelPath path) =>
        Convert<F16Loader>(MemoryMarshal.AsBytes(source), source.Length, destination, path);

    internal static void BF16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination, KernelPath path) =>
        Convert<BF16Loader>(MemoryMarshal.AsBytes(source), source.Length, destination, path);

    /// <summary>One vector per step through the weight loaders (the loads the mat-vec kernels widen with), ending on an overlapping vector.</summary>
    private static void Convert<TL>(ReadOnlySpan<byte> source, int n, Span<float> destination, KernelPath path) where TL : struct, IWeightLoader
    {
        if (destination.Length < n) throw new ArgumentException("destination is too short", nameof(destination));
        ref byte s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        var fitted = n < 4 ? KernelPath.Scalar : KernelPaths.Fit(path, n);
        int w = KernelPaths.Lanes(fitted);
        if (fitted == KernelPath.Scalar)
        {
            for (int i = 0; i < n; i++) Unsafe.Add(ref d, i) = TL.Load(ref s, i);
            return;
        }

        for (int i = 0; ; i += w)
        {
            if (i > n - w) i = n - w; // the last vector overlaps the one before it
            switch (fitted)
            {
                case KernelPath.Vector512: TL.Load512(ref s, i).StoreUnsafe(ref d, (nuint)i); break;
                case KernelPath.Vector256: TL.Load256(ref s, i).StoreUnsafe(ref d, (nuint)i); break;
                default: TL.Load128(ref s, i).StoreUnsafe(ref d, (nuint)i); break;
            }

            if (i == n - w) return;
        }
    }

    /// <summary>Four F16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> F16ToVector128(ref ushort source) =>
        F16BitsToSingle(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<ushort, byte>(ref source))).AsInt16()));

    /// <summary>Eight F16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> F16ToVector256(ref ushort source) => F16BitsToSingle(WidenSigned(Vector128.LoadUnsafe(ref Unsafe.As<ushort, short>(ref source))));

    /// <summary>Sixteen F16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> F16ToVector512(ref ushort source) => F16BitsToSingle(WidenSigned(Vector256.LoadUnsafe(ref Unsafe.As<ushort, short>(ref source))));

    /// <summary>Four BF16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> BF16ToVector128(ref ushort source) =>
        (Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref source))).AsUInt16()) << 16).AsSingle();

    /// <summary>Eight BF16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> BF16ToVector256(ref ushort source) => (Widen(Vector128.LoadUnsafe(ref source)) << 16).AsSingle();

    /// <summary>Sixteen BF16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> BF16ToVector512(ref ushort source) => (Widen(Vector256.LoadUnsafe(ref source)) << 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Widen(Vector128<ushort> h) =>
        Avx2.IsSupported ? Avx2.ConvertToVector256Int32(h).AsUInt32() : Vector256.Create(Vector128.WidenLower(h), Vector128.WidenUpper(h));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Widen(Vector256<ushort> h) =>
        Avx512F.IsSupported ? Avx512F.ConvertToVector512UInt32(h) : Vector512.Create(Vector256.WidenLower(h), Vector256.WidenUpper(h));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> WidenSigned(Vector128<short> h) =>
        Avx2.IsSupported ? Avx2.ConvertToVector256Int32(h) : Vector256.Create(Vector128.WidenLower(h), Vector128.WidenUpper(h));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> WidenSigned(Vector256<short> h) =>
        Avx512F.IsSupported ? Avx512F.ConvertToVector512Int32(h) : Vector512.Create(Vector256.WidenLower(h), Vector256.WidenUpper(h));

    // The scalar F16ToSingle's steps, lane by lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> F16BitsToSingle(Vector128<int> h)
    {
        var bits = (h << 13) & Vector128.Create(F16Mask);
        var scaled = bits.AsSingle() * Vector128.Create(TwoPow112);
        var infOrNaN = Vector128.Equals(bits & Vector128.Create(F16Exponent), Vector128.Create(F16Exponent)) & Vector128.Create(0x7F800000);
        return (scaled.AsInt32() | infOrNaN).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> F16BitsToSingle(Vector256<int> h)
    {
        var bits = (h << 13) & Vector256.Create(F16Mask);
        var scaled = bits.AsSingle() * Vector256.Create(TwoPow112);
        var infOrNaN = Vector256.Equals(bits & Vector256.Create(F16Exponent), Vector256.Create(F16Exponent)) & Vector256.Create(0x7F800000);
        return (scaled.AsInt32() | infOrNaN).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> F16BitsToSingle(Vector512<int> h)
    {
        var bits = (h << 13) & Vector512.Create(F16Mask);
        var scaled = bits.AsSingle() * Vector512.Create(TwoPow112);
        var infOrNaN = Vector512.Equals(bits & Vector512.Create(F16Exponent), Vector512.Create(F16Exponent)) & Vector512.Create(0x7F800000);
        return (scaled.AsInt32() | infOrNaN).AsSingle();
    }
}
