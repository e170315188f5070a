using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Training.Layers;

/// <summary>
/// Dot product and y += a x for the attention and norm loops of training (kept in this assembly, which is
/// always compiled with optimisation, so test runs in Debug configuration still get vectorised code).
/// </summary>
public static class TrainingVectorMath
{
    /// <summary>sum_i a[i] b[i]. Shapes: a [n], b [n].</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot(a, b, Path(a.Length));

    /// <summary>y[i] += alpha x[i]. Shapes: x [n], y [n].</summary>
    public static void MultiplyAdd(float alpha, ReadOnlySpan<float> x, Span<float> y) => MultiplyAdd(alpha, x, y, Path(x.Length));

    internal static TrainingKernelPath Path(int n) =>
        Vector512.IsHardwareAccelerated && n >= 16 ? TrainingKernelPath.Vector512
        : Vector256.IsHardwareAccelerated && n >= 8 ? TrainingKernelPath.Vector256
        : TrainingKernelPath.Scalar;

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, TrainingKernelPath path)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ", nameof(b));
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        nint i = 0;
        float sum = 0;
        if (path == TrainingKernelPath.Vector512)
        {
            Vector512<float> s = default;
            for (; i + 16 <= n; i += 16) s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i), s);
            sum = Vector512.Sum(s);
        }
        else if (path == TrainingKernelPath.Vector256)
        {
            Vector256<float> s = default;
            for (; i + 8 <= n; i += 8) s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i), s);
            sum = Vector256.Sum(s);
        }

        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), sum);
        return sum;
    }

    internal static void MultiplyAdd(float alpha, ReadOnlySpan<float> x, Span<float> y, TrainingKernelPath path)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length;
        nint i = 0;
        if (path == TrainingKernelPath.Vector512)
        {
            var a = Vector512.Create(alpha);
            for (; i + 16 <= n; i += 16)
                Vector512.FusedMultiplyAdd(a, Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        else if (path == TrainingKernelPath.Vector256)
        {
            var a = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8)
                Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++) Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(alpha, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }
}
