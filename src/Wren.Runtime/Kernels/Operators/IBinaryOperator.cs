using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>An elementwise function z = f(x, y) at every width (see <see cref="IUnaryOperator"/>).</summary>
internal interface IBinaryOperator
{
    float Invoke(float x, float y);

    Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
