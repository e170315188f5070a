using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>
/// Rotary position embedding in the Hugging Face layout (<c>rotate_half</c>): each head's vector is split
/// in halves, and element i of the first half pairs with element i of the second half (not the
/// interleaved pairs (2i, 2i+1) of the original paper and of llama.cpp's GGUF permutation):
/// out[i] = x[i] cos[i] - x[i + D/2] sin[i]; out[i + D/2] = x[i + D/2] cos[i] + x[i] sin[i].
/// </summary>
public static class Rope
{
    /// <summary>Rotates every head in place. Shapes: x [heads, D], cos [D/2], sin [D/2] (for one position).</summary>
    public static void Apply(Span<float> x, int heads, int headDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin) =>
        Apply(x, heads, headDim, cos, sin, VectorMath.SelectPath(headDim / 2));

    internal static void Apply(Span<float> x, int heads, int headDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, KernelPath path)
    {
        int half = headDim / 2;
        if (headDim % 2 != 0) throw new ArgumentException("head size must be even", nameof(headDim));
        if (x.Length < heads * headDim) throw new ArgumentException($"x has {x.Length} elements, [{heads}, {headDim}] needs {heads * headDim}", nameof(x));
        if (cos.Length < half || sin.Length < half) throw new ArgumentException("cos and sin need D/2 elements");
        ref float cr = ref MemoryMarshal.GetReference(cos);
        ref float sr = ref MemoryMarshal.GetReference(sin);
        for (int h = 0; h < heads; h++)
        {
            ref float x1 = ref MemoryMarshal.GetReference(x.Slice(h * headDim, headDim));
            ref float x2 = ref Unsafe.Add(ref x1, half);
            nint i = 0;
            if (path == KernelPath.Vector512)
            {
                for (; i + 16 <= half; i += 16)
                {
                    var a = Vector512.LoadUnsafe(ref x1, (nuint)i);
                    var b = Vector512.LoadUnsafe(ref x2, (nuint)i);
                    var c = Vector512.LoadUnsafe(ref cr, (nuint)i);
                    var s = Vector512.LoadUnsafe(ref sr, (nuint)i);
                    (a * c - b * s).StoreUnsafe(ref x1, (nuint)i);
                    (b * c + a * s).StoreUnsafe(ref x2, (nuint)i);
                }
            }
            else if (path == KernelPath.Vector256)
            {
                for (; i + 8 <= half; i += 8)
                {
                    var a = Vector256.LoadUnsafe(ref x1, (nuint)i);
                    var b = Vector256.LoadUnsafe(ref x2, (nuint)i);
                    var c = Vector256.LoadUnsafe(ref cr, (nuint)i);
                    var s = Vector256.LoadUnsafe(ref sr, (nuint)i);
                    (a * c - b * s).StoreUnsafe(ref x1, (nuint)i);
                    (b * c + a * s).StoreUnsafe(ref x2, (nuint)i);
                }
            }

            for (; i < half; i++)
            {
                float a = Unsafe.Add(ref x1, i), b = Unsafe.Add(ref x2, i), c = Unsafe.Add(ref cr, i), s = Unsafe.Add(ref sr, i);
                Unsafe.Add(ref x1, i) = a * c - b * s;
                Unsafe.Add(ref x2, i) = b * c + a * s;
            }
        }
    }
}
