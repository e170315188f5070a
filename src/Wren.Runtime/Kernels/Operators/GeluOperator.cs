using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>
/// gelu_tanh(x) = 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))), written as x / (1 + e^(-2u)) with u the tanh's argument
/// (the same function: 1 + tanh(u) = 2 / (1 + e^(-2u))), so every width computes it with VectorN.Exp, one function in
/// every lane; for large negative x, e^(-2u) overflows to infinity and the result is -0, as the limit is.
/// </summary>
internal readonly struct GeluOperator : IUnaryOperator
{
    // -2√(2/π) and -2√(2/π) · 0.044715: e^(-2u) = e^(x (A + B x²)).
    private const float A = -1.5957691216057308f;
    private const float B = -0.0713548162726f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x / (1f + MathF.Exp(x * (A + B * (x * x))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Exp(x * (Vector128.Create(A) + Vector128.Create(B) * (x * x))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Exp(x * (Vector256.Create(A) + Vector256.Create(B) * (x * x))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Exp(x * (Vector512.Create(A) + Vector512.Create(B) * (x * x))));
}
