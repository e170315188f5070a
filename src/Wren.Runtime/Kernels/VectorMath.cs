using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>Small vector kernels of the forward pass: dot product, y += a x, y += x.</summary>
public static class VectorMath
{
    /// <summary>sum_i a[i] * b[i]. Shapes: a [n], b [n].</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ", nameof(b));
        return Dot(a, b, SelectPath(a.Length));
    }

    /// <summary>y[i] += alpha * x[i]. Shapes: x [n], y [n].</summary>
    public static void MultiplyAdd(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        MultiplyAdd(alpha, x, y, SelectPath(x.Length));
    }

    /// <summary>y[i] += x[i] (the residual connection). Shapes: x [n], y [n].</summary>
    public static void Add(ReadOnlySpan<float> x, Span<float> y) => MultiplyAdd(1f, x, y);

    internal static KernelPath SelectPath(int length) =>
        Vector512.IsHardwareAccelerated && length >= 16 ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated && length >= 8 ? KernelPath.Vector256
        : KernelPath.Scalar;

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, KernelPath path)
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        nint i = 0;
        float sum = 0;
        if (path == KernelPath.Vector512)
        {
            Vector512<float> s0 = default, s1 = default;
            for (; i + 32 <= n; i += 32)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)i + 16), Vector512.LoadUnsafe(ref br, (nuint)i + 16), s1);
            }

            for (; i + 16 <= n; i += 16) s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i), s0);
            sum = Vector512.Sum(s0 + s1);
        }
        else if (path == KernelPath.Vector256)
        {
            Vector256<float> s0 = default, s1 = default;
            for (; i + 16 <= n; i += 16)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)i + 8), Vector256.LoadUnsafe(ref br, (nuint)i + 8), s1);
            }

            for (; i + 8 <= n; i += 8) s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i), s0);
            sum = Vector256.Sum(s0 + s1);
        }

        for (; i < n; i++) sum += Unsafe.Add(ref ar, i) * Unsafe.Add(ref br, i);
        return sum;
    }

    internal static void MultiplyAdd(float alpha, ReadOnlySpan<float> x, Span<float> y, KernelPath path)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length;
        nint i = 0;
        if (path == KernelPath.Vector512)
        {
            var a = Vector512.Create(alpha);
            for (; i + 16 <= n; i += 16)
                Vector512.FusedMultiplyAdd(a, Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        else if (path == KernelPath.Vector256)
        {
            var a = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8)
                Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++) Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(alpha, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }
}
