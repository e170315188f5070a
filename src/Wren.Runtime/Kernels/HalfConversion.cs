using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wren.Runtime.Kernels;

/// <summary>
/// IEEE half (F16) and bfloat16 (BF16) to float32, exactly (every F16 and BF16 value is a float32 value).
/// .NET exposes neither F16C nor AVX-512 BF16, so the vector paths convert with integer shifts:
/// BF16 is the top half of a float32; F16 is re-biased by a multiply with 2^112, which also turns
/// subnormals into the right normal float32 values.
/// </summary>
public static class HalfConversion
{
    private const uint MagicTwoPow112Bits = 0x77800000; // 2^112 = 2^(127 - 15)

    /// <summary>destination[i] = (float)BitConverter.UInt16BitsToHalf(source[i]). Shapes: [n] -> [n].</summary>
    public static void F16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length) throw new ArgumentException("destination is too short", nameof(destination));
        if (Vector512.IsHardwareAccelerated && source.Length >= 16) F16ToSingleVector512(source, destination);
        else if (Vector256.IsHardwareAccelerated && source.Length >= 8) F16ToSingleVector256(source, destination);
        else F16ToSingleScalar(source, destination);
    }

    /// <summary>destination[i] = BitConverter.Int32BitsToSingle(source[i] &lt;&lt; 16). Shapes: [n] -> [n].</summary>
    public static void BF16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length) throw new ArgumentException("destination is too short", nameof(destination));
        if (Vector512.IsHardwareAccelerated && source.Length >= 16) BF16ToSingleVector512(source, destination);
        else if (Vector256.IsHardwareAccelerated && source.Length >= 8) BF16ToSingleVector256(source, destination);
        else BF16ToSingleScalar(source, destination);
    }

    /// <summary>Round-to-nearest-even float32 to BF16 bits (NaN stays NaN), as PyTorch's <c>.to(torch.bfloat16)</c>.</summary>
    public static ushort SingleToBF16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }

    /// <summary>Round-to-nearest-even float32 to F16 bits.</summary>
    public static ushort SingleToF16(float value) => BitConverter.HalfToUInt16Bits((Half)value);

    internal static void F16ToSingleScalar(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = (float)BitConverter.UInt16BitsToHalf(source[i]);
    }

    internal static void BF16ToSingleScalar(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = BitConverter.UInt32BitsToSingle((uint)source[i] << 16);
    }

    internal static void F16ToSingleVector256(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        ref ushort s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = source.Length, i = 0;
        for (; i + 8 <= n; i += 8) F16ToVector256(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref d, (nuint)i);
        F16ToSingleScalar(source[i..], destination[i..]);
    }

    internal static void BF16ToSingleVector256(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        ref ushort s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = source.Length, i = 0;
        for (; i + 8 <= n; i += 8) BF16ToVector256(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref d, (nuint)i);
        BF16ToSingleScalar(source[i..], destination[i..]);
    }

    internal static void F16ToSingleVector512(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        ref ushort s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = source.Length, i = 0;
        for (; i + 16 <= n; i += 16) F16ToVector512(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref d, (nuint)i);
        F16ToSingleScalar(source[i..], destination[i..]);
    }

    internal static void BF16ToSingleVector512(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        ref ushort s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = source.Length, i = 0;
        for (; i + 16 <= n; i += 16) BF16ToVector512(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref d, (nuint)i);
        BF16ToSingleScalar(source[i..], destination[i..]);
    }

    /// <summary>Eight F16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> F16ToVector256(ref ushort source) => F16BitsToSingle(WidenSigned(Vector128.LoadUnsafe(ref Unsafe.As<ushort, short>(ref source))));

    /// <summary>Eight BF16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> BF16ToVector256(ref ushort source) => (Widen(Vector128.LoadUnsafe(ref source)) << 16).AsSingle();

    /// <summary>Sixteen F16 values at <paramref name="source"/> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> F16ToVector512(ref ushort source) => F16BitsToSingle(WidenSigned(Vector256.LoadUnsafe(ref Unsafe.As<ushort, short>(ref source))));

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

    // h sign-extended to 32 bits and shifted left by 13 has the sign in bit 31, copies of it in bits
    // 30..28 (cleared by the mask) and exponent and mantissa in bits 27..13: a float32 whose value times
    // 2^112 is the half's value (normals and subnormals alike; the multiply keeps the sign). Infinity and
    // NaN (exponent 31) only need their exponent field set to all ones.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> F16BitsToSingle(Vector256<int> h)
    {
        var bits = (h << 13) & Vector256.Create(unchecked((int)0x8FFFE000));
        var scaled = bits.AsSingle() * Vector256.Create(BitConverter.UInt32BitsToSingle(MagicTwoPow112Bits));
        var exponent = bits & Vector256.Create(0x0F800000);
        var infOrNaN = Vector256.Equals(exponent, Vector256.Create(0x0F800000)) & Vector256.Create(0x7F800000);
        return (scaled.AsInt32() | infOrNaN).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> F16BitsToSingle(Vector512<int> h)
    {
        var bits = (h << 13) & Vector512.Create(unchecked((int)0x8FFFE000));
        var scaled = bits.AsSingle() * Vector512.Create(BitConverter.UInt32BitsToSingle(MagicTwoPow112Bits));
        var exponent = bits & Vector512.Create(0x0F800000);
        var infOrNaN = Vector512.Equals(exponent, Vector512.Create(0x0F800000)) & Vector512.Create(0x7F800000);
        return (scaled.AsInt32() | infOrNaN).AsSingle();
    }
}
