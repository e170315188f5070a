using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Root-mean-square normalisation as transformers' <c>LlamaRMSNorm</c> computes it in float32:
/// y = weight * (x / sqrt(mean(x^2) + eps)).
/// </summary>
public static class RmsNorm
{
    /// <summary>Shapes: x [C], weight [C], y [C] (y may be x).</summary>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> y) =>
        Apply(x, weight, eps, y, VectorMath.SelectPath(x.Length));

    internal static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> y, KernelPath path)
    {
        if (weight.Length != x.Length || y.Length != x.Length) throw new ArgumentException("x, weight and y must have the same length");
        if (x.Length == 0) return;
        float meanSquare = VectorMath.Dot(x, x, path) / x.Length;
        float scale = 1f / MathF.Sqrt(meanSquare + eps);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(weight);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length;
        nint i = 0;
        if (path == KernelPath.Vector512)
        {
            var s = Vector512.Create(scale);
            for (; i + 16 <= n; i += 16)
                (Vector512.LoadUnsafe(ref wr, (nuint)i) * (Vector512.LoadUnsafe(ref xr, (nuint)i) * s)).StoreUnsafe(ref yr, (nuint)i);
        }
        else if (path == KernelPath.Vector256)
        {
            var s = Vector256.Create(scale);
            for (; i + 8 <= n; i += 8)
                (Vector256.LoadUnsafe(ref wr, (nuint)i) * (Vector256.LoadUnsafe(ref xr, (nuint)i) * s)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++) Unsafe.Add(ref yr, i) = Unsafe.Add(ref wr, i) * (Unsafe.Add(ref xr, i) * scale);
    }
}
