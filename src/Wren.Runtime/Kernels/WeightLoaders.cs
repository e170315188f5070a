using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>float32 weights, read as they are.</summary>
internal readonly struct F32Loader : IWeightLoader
{
    public static int ElementSize => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref byte row, nint index) => Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref row, index * 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load128(ref byte row, nint index) => Vector128.LoadUnsafe(ref Unsafe.As<byte, float>(ref Unsafe.Add(ref row, index * 4)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(ref byte row, nint index) => Vector256.LoadUnsafe(ref Unsafe.As<byte, float>(ref Unsafe.Add(ref row, index * 4)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(ref byte row, nint index) => Vector512.LoadUnsafe(ref Unsafe.As<byte, float>(ref Unsafe.Add(ref row, index * 4)));
}

/// <summary>IEEE half weights, converted to float32 on load.</summary>
internal readonly struct F16Loader : IWeightLoader
{
    public static int ElementSize => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref byte row, nint index) => HalfConversion.F16ToSingle(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref row, index * 2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load128(ref byte row, nint index) => HalfConversion.F16ToVector128(ref Unsafe.As<byte, ushort>(ref Unsafe.Add(ref row, index * 2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(ref byte row, nint index) => HalfConversion.F16ToVector256(ref Unsafe.As<byte, ushort>(ref Unsafe.Add(ref row, index * 2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(ref byte row, nint index) => HalfConversion.F16ToVector512(ref Unsafe.As<byte, ushort>(ref Unsafe.Add(ref row, index * 2)));
}

/// <summary>bfloat16 weights, converted to float32 on load (a 16-bit shift).</summary>
internal readonly struct BF16Loader : IWeightLoader
{
    public static int ElementSize => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref byte row, nint index) => HalfConversion.BF16ToSingle(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref row, index * 2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load128(ref byte row, nint index) => HalfConversion.BF16ToVector128(ref Unsafe.As<byte, ushort>(ref Unsafe.Add(ref row, index * 2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(ref byte row, nint index) => HalfConversion.BF16ToVector256(ref Unsafe.As<byte, ushort>(ref Unsafe.Add(ref row, index * 2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(ref byte row, nint index) => HalfConversion.BF16ToVector512(ref Unsafe.As<byte, ushort>(ref Unsafe.Add(ref row, index * 2)));
}
