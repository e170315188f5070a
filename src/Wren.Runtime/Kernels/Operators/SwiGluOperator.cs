using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>silu(gate) * up = gate / (1 + e^-gate) * up. VectorN.Exp is the same function in every lane at every width.</summary>
internal readonly struct SwiGluOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float gate, float up) => gate / (1f + MathF.Exp(-gate)) * up;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> gate, Vector128<float> up) => gate / (Vector128<float>.One + Vector128.Exp(-gate)) * up;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> gate, Vector256<float> up) => gate / (Vector256<float>.One + Vector256.Exp(-gate)) * up;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> gate, Vector512<float> up) => gate / (Vector512<float>.One + Vector512.Exp(-gate)) * up;
}
