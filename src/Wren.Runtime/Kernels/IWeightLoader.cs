using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>
/// How a kernel reads weights of one element type as float32. Kernels are generic over a struct that
/// implements this, so the JIT compiles one specialised copy per type with the loads inlined.
/// </summary>
internal interface IWeightLoader
{
    /// <summary>Bytes per element.</summary>
    static abstract int ElementSize { get; }

    /// <summary>Element <paramref name="index"/> of the row at <paramref name="row"/>.</summary>
    static abstract float Load(ref byte row, nint index);

    /// <summary>Elements [index, index + 4).</summary>
    static abstract Vector128<float> Load128(ref byte row, nint index);

    /// <summary>Elements [index, index + 8).</summary>
    static abstract Vector256<float> Load256(ref byte row, nint index);

    /// <summary>Elements [index, index + 16).</summary>
    static abstract Vector512<float> Load512(ref byte row, nint index);
}
