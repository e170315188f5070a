using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>Numerically stable softmax in place: x[i] = e^(x[i] - max) / sum_j e^(x[j] - max).</summary>
public static class Softmax
{
    /// <summary>Shape: x [n]. An empty span is left as it is.</summary>
    public static void Apply(Span<float> x) => Apply(x, VectorMath.SelectPath(x.Length));

    internal static void Apply(Span<float> x, KernelPath path)
    {
        int n = x.Length;
        if (n == 0) return;
        ref float xr = ref MemoryMarshal.GetReference(x);
        float max = float.NegativeInfinity;
        nint i = 0;
        if (path == KernelPath.Vector512 && n >= 16)
        {
            var m = Vector512.Create(float.NegativeInfinity);
            for (; i + 16 <= n; i += 16) m = Vector512.Max(m, Vector512.LoadUnsafe(ref xr, (nuint)i));
            max = m.ToScalar();
            for (int j = 1; j < 16; j++) max = MathF.Max(max, m.GetElement(j));
        }
        else if (path == KernelPath.Vector256 && n >= 8)
        {
            var m = Vector256.Create(float.NegativeInfinity);
            for (; i + 8 <= n; i += 8) m = Vector256.Max(m, Vector256.LoadUnsafe(ref xr, (nuint)i));
            max = m.ToScalar();
            for (int j = 1; j < 8; j++) max = MathF.Max(max, m.GetElement(j));
        }

        for (; i < n; i++) max = MathF.Max(max, Unsafe.Add(ref xr, i));

        // A row of all -inf (fully masked) has no distribution; leave zeros rather than NaN.
        if (float.IsNegativeInfinity(max))
        {
            x.Clear();
            return;
        }

        float sum = 0;
        i = 0;
        if (path == KernelPath.Vector512)
        {
            var mv = Vector512.Create(max);
            var s = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                var e = Vector512.Exp(Vector512.LoadUnsafe(ref xr, (nuint)i) - mv);
                e.StoreUnsafe(ref xr, (nuint)i);
                s += e;
            }

            sum = Vector512.Sum(s);
        }
        else if (path == KernelPath.Vector256)
        {
            var mv = Vector256.Create(max);
            var s = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                var e = Vector256.Exp(Vector256.LoadUnsafe(ref xr, (nuint)i) - mv);
                e.StoreUnsafe(ref xr, (nuint)i);
                s += e;
            }

            sum = Vector256.Sum(s);
        }

        for (; i < n; i++)
        {
            float e = MathF.Exp(Unsafe.Add(ref xr, i) - max);
            Unsafe.Add(ref xr, i) = e;
            sum += e;
        }

        float inv = 1f / sum;
        i = 0;
        if (path == KernelPath.Vector512)
        {
            var v = Vector512.Create(inv);
            for (; i + 16 <= n; i += 16) (Vector512.LoadUnsafe(ref xr, (nuint)i) * v).StoreUnsafe(ref xr, (nuint)i);
        }
        else if (path == KernelPath.Vector256)
        {
            var v = Vector256.Create(inv);
            for (; i + 8 <= n; i += 8) (Vector256.LoadUnsafe(ref xr, (nuint)i) * v).StoreUnsafe(ref xr, (nuint)i);
        }

        for (; i < n; i++) Unsafe.Add(ref xr, i) *= inv;
    }
}
