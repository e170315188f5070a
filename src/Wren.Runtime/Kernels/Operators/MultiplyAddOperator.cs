using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>
/// alpha * x + y, fused where the hardware fuses: AVX2/AVX-512 and NEON always do; on x86 without AVX2 the 128-bit form
/// is a multiply and an add (MultiplyAddEstimate) rather than .NET's element-by-element emulation of FMA.
/// </summary>
internal readonly struct MultiplyAddOperator(float alpha) : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float y) => MathF.FusedMultiplyAdd(alpha, x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.MultiplyAddEstimate(Vector128.Create(alpha), x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.FusedMultiplyAdd(Vector256.Create(alpha), x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.FusedMultiplyAdd(Vector512.Create(alpha), x, y);
}
