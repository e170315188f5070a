namespace Wren.Runtime.Kernels;

/// <summary>
/// Which vector width a kernel runs at. The public kernels take <see cref="KernelPaths.Widest"/>; tests and benches force
/// each one to compare it with the scalar reference. Vector128 is the path of ARM64 (AdvSimd) and of x86 without AVX2.
/// </summary>
public enum KernelPath
{
    /// <summary>One element at a time: the reference every vector path is compared with.</summary>
    Scalar,

    /// <summary>4 floats (16 bytes) per vector: AdvSimd on ARM64, SSE/AVX on x86.</summary>
    Vector128,

    /// <summary>8 floats per vector: AVX2 on x86.</summary>
    Vector256,

    /// <summary>16 floats per vector: AVX-512 on x86.</summary>
    Vector512,
}
