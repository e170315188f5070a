using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>weight * (x * scale): RMSNorm's last step, in transformers' order of roundings.</summary>
internal readonly struct ScaledProductOperator(float scale) : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float weight) => weight * (x * scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> weight) => weight * (x * scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> weight) => weight * (x * scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> weight) => weight * (x * scale);
}
