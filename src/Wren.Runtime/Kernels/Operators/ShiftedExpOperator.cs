using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>e^(x - shift): softmax's numerator with the row maximum as the shift.</summary>
internal readonly struct ShiftedExpOperator(float shift) : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Exp(x - shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Exp(x - Vector128.Create(shift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Exp(x - Vector256.Create(shift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Exp(x - Vector512.Create(shift));
}
