namespace Wren.Runtime.Kernels;

/// <summary>Which implementation of a kernel runs; tests force each one to compare it with the scalar reference.</summary>
internal enum KernelPath
{
    Scalar,
    Vector256,
    Vector512,
}
