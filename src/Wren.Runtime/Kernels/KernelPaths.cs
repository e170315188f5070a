using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>The widest <see cref="KernelPath"/> the hardware accelerates, and how many floats a path's vector holds.</summary>
public static class KernelPaths
{
    /// <summary>Vector512, Vector256 or Vector128 where the JIT accelerates it (DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and
    /// DOTNET_PreferredVectorBitWidth=128 narrow it; DOTNET_EnableHWIntrinsic=0 leaves Scalar).</summary>
    public static KernelPath Widest { get; } =
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : Vector128.IsHardwareAccelerated ? KernelPath.Vector128
        : KernelPath.Scalar;

    /// <summary>Floats per vector on <paramref name="path"/> (1 for Scalar).</summary>
    public static int Lanes(KernelPath path) => path switch
    {
        KernelPath.Vector512 => 16,
        KernelPath.Vector256 => 8,
        KernelPath.Vector128 => 4,
        _ => 1,
    };

    /// <summary>
    /// The widest path no wider than <paramref name="path"/> whose vector fits in <paramref name="length"/> elements, so that
    /// a loop can end on an overlapping last vector; Vector128 for lengths under 4 (the driver pads those into one vector).
    /// Every lane of an elementwise operator computes the same function at every width, so narrowing changes no result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static KernelPath Fit(KernelPath path, int length) =>
        path == KernelPath.Vector512 && length < 16 ? (length >= 8 ? KernelPath.Vector256 : KernelPath.Vector128)
        : path == KernelPath.Vector256 && length < 8 ? KernelPath.Vector128
        : path;

    // Lane j of the 16/8/4 floats loaded at RemainderMasks[16 - lanes + r] is all ones exactly when j >= lanes - r: the
    // last r lanes of a vector that overlaps the ones before it (TensorPrimitives' CreateRemainderMaskVector does the same).
    private static readonly uint[] RemainderMasks = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u];

    /// <summary>All ones in the last <paramref name="count"/> (1..3) of 4 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> LastLanes128(int count) => Vector128.LoadUnsafe(ref RemainderMasks[12 + count]).AsSingle();

    /// <summary>All ones in the last <paramref name="count"/> (1..7) of 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> LastLanes256(int count) => Vector256.LoadUnsafe(ref RemainderMasks[8 + count]).AsSingle();

    /// <summary>All ones in the last <paramref name="count"/> (1..15) of 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> LastLanes512(int count) => Vector512.LoadUnsafe(ref RemainderMasks[count]).AsSingle();
}
