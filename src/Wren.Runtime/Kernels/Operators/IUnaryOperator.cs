using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>
/// An elementwise function y = f(x) at every width, as TensorPrimitives' operators are: the vector forms compute each
/// lane exactly as the others do, whatever the width, so a driver may end on an overlapping or padded vector and every
/// element of a span gets the same bits whatever its length. The scalar form is the reference of the Scalar path.
/// </summary>
internal interface IUnaryOperator
{
    float Invoke(float x);

    Vector128<float> Invoke(Vector128<float> x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}
