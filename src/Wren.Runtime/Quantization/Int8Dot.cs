using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Wren.Runtime.Quantization;

/// <summary>
/// The 128-bit int8 dot product every quantized kernel's Vector128 path is built on: 16 pairs of int8 into 4 int32
/// partial sums (lane i holds the products of pairs 4i..4i+3, or another grouping per instruction set; the total is
/// exact either way). SDOT where ARM64 has the dot-product extension (<see cref="Dp"/>), else AdvSimd's widening
/// multiplies (SMULL, SMULL2) and pairwise widening adds (SADALP); on x86 without AVX2, SSSE3's PMADDUBSW with ggml's
/// sign trick; else portable widening. Operands lie in [-127, 127] (Q8_0 and Q8_K quants, weight quants shifted to signed),
/// so the sign trick and 16-bit pair sums never overflow.
/// </summary>
internal static class Int8Dot
{
    /// <summary>acc + the 4 partial sums of x·y over 16 int8 pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> acc, Vector128<sbyte> x, Vector128<sbyte> y)
    {
        if (Dp.IsSupported) return Dp.DotProduct(acc, x, y);
        if (AdvSimd.IsSupported) return WideningAdvSimd(acc, x, y);
        if (Ssse3.IsSupported) return acc + SignTrickSsse3(x, y);
        return acc + Portable(x, y);
    }

    /// <summary>SMULL/SMULL2 into 8 int16 products each, SADALP pairs them into the int32 accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> WideningAdvSimd(Vector128<int> acc, Vector128<sbyte> x, Vector128<sbyte> y)
    {
        acc = AdvSimd.AddPairwiseWideningAndAdd(acc, AdvSimd.MultiplyWideningLower(x.GetLower(), y.GetLower()));
        return AdvSimd.AddPairwiseWideningAndAdd(acc, AdvSimd.MultiplyWideningUpper(x, y));
    }

    /// <summary>|x| (unsigned) times sign(y, x) (signed) is x·y per pair: PMADDUBSW sums pairs to int16, PMADDWD to int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> SignTrickSsse3(Vector128<sbyte> x, Vector128<sbyte> y) =>
        Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(Ssse3.Abs(x), Ssse3.Sign(y, x)), Vector128.Create((short)1));

    /// <summary>Widen to int16, multiply, widen the products to int32 and add: any platform with Vector128.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> Portable(Vector128<sbyte> x, Vector128<sbyte> y)
    {
        var (xl, xh) = Vector128.Widen(x);
        var (yl, yh) = Vector128.Widen(y);
        var (p0, p1) = Vector128.Widen(xl * yl);
        var (q0, q1) = Vector128.Widen(xh * yh);
        return (p0 + p1) + (q0 + q1);
    }
}
