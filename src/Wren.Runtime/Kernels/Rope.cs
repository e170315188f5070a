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
/// <remarks>
/// Its loop shape (two halves rotated in place against two tables) is its own: per width, one vector per step and a last
/// vector overlapping the ones before it, computed before the loop from the unrotated values, as the elementwise drivers
/// end. Multiplies and subtractions round alike at every width, so every path gives the scalar reference's bits.
/// </remarks>
public static class Rope
{
    /// <summary>Rotates every head in place. Shapes: x [heads, D], cos [D/2], sin [D/2] (for one position).</summary>
    public static void Apply(Span<float> x, int heads, int headDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin) =>
        Apply(x, heads, headDim, cos, sin, KernelPaths.Widest);

    internal static void Apply(Span<float> x, int heads, int headDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, KernelPath path)
    {
        int half = headDim / 2;
        if (headDim % 2 != 0) throw new ArgumentException("head size must be even", nameof(headDim));
        if (x.Length < heads * headDim) throw new ArgumentException($"x has {x.Length} elements, [{heads}, {headDim}] needs {heads * headDim}", nameof(x));
        if (cos.Length < half || sin.Length < half) throw new ArgumentException("cos and sin need D/2 elements");
        ref float cr = ref MemoryMarshal.GetReference(cos);
        ref float sr = ref MemoryMarshal.GetReference(sin);
        var fitted = half < 4 ? KernelPath.Scalar : KernelPaths.Fit(path, half);
        for (int h = 0; h < heads; h++)
        {
            ref float x1 = ref MemoryMarshal.GetReference(x.Slice(h * headDim, headDim));
            ref float x2 = ref Unsafe.Add(ref x1, half);
            switch (fitted)
            {
                case KernelPath.Vector512: Rotate512(ref x1, ref x2, ref cr, ref sr, half); break;
                case KernelPath.Vector256: Rotate256(ref x1, ref x2, ref cr, ref sr, half); break;
                case KernelPath.Vector128: Rotate128(ref x1, ref x2, ref cr, ref sr, half); break;
                default:
                    for (nint i = 0; i < half; i++)
                    {
                        float a = Unsafe.Add(ref x1, i), b = Unsafe.Add(ref x2, i), c = Unsafe.Add(ref cr, i), s = Unsafe.Add(ref sr, i);
                        Unsafe.Add(ref x1, i) = a * c - b * s;
                        Unsafe.Add(ref x2, i) = b * c + a * s;
                    }

                    break;
            }
        }
    }

    private static void Rotate512(ref float x1, ref float x2, ref float c, ref float s, int half)
    {
        nuint last = (nuint)(half - 16);
        var (endA, endB) = Rotate(Vector512.LoadUnsafe(ref x1, last), Vector512.LoadUnsafe(ref x2, last), Vector512.LoadUnsafe(ref c, last), Vector512.LoadUnsafe(ref s, last));
        for (nuint i = 0; i + 16 <= (nuint)half; i += 16)
        {
            var (a, b) = Rotate(Vector512.LoadUnsafe(ref x1, i), Vector512.LoadUnsafe(ref x2, i), Vector512.LoadUnsafe(ref c, i), Vector512.LoadUnsafe(ref s, i));
            a.StoreUnsafe(ref x1, i);
            b.StoreUnsafe(ref x2, i);
        }

        endA.StoreUnsafe(ref x1, last);
        endB.StoreUnsafe(ref x2, last);
    }

    private static void Rotate256(ref float x1, ref float x2, ref float c, ref float s, int half)
    {
        nuint last = (nuint)(half - 8);
        var (endA, endB) = Rotate(Vector256.LoadUnsafe(ref x1, last), Vector256.LoadUnsafe(ref x2, last), Vector256.LoadUnsafe(ref c, last), Vector256.LoadUnsafe(ref s, last));
        for (nuint i = 0; i + 8 <= (nuint)half; i += 8)
        {
            var (a, b) = Rotate(Vector256.LoadUnsafe(ref x1, i), Vector256.LoadUnsafe(ref x2, i), Vector256.LoadUnsafe(ref c, i), Vector256.LoadUnsafe(ref s, i));
            a.StoreUnsafe(ref x1, i);
            b.StoreUnsafe(ref x2, i);
        }

        endA.StoreUnsafe(ref x1, last);
        endB.StoreUnsafe(ref x2, last);
    }

    private static void Rotate128(ref float x1, ref float x2, ref float c, ref float s, int half)
    {
        nuint last = (nuint)(half - 4);
        var (endA, endB) = Rotate(Vector128.LoadUnsafe(ref x1, last), Vector128.LoadUnsafe(ref x2, last), Vector128.LoadUnsafe(ref c, last), Vector128.LoadUnsafe(ref s, last));
        for (nuint i = 0; i + 4 <= (nuint)half; i += 4)
        {
            var (a, b) = Rotate(Vector128.LoadUnsafe(ref x1, i), Vector128.LoadUnsafe(ref x2, i), Vector128.LoadUnsafe(ref c, i), Vector128.LoadUnsafe(ref s, i));
            a.StoreUnsafe(ref x1, i);
            b.StoreUnsafe(ref x2, i);
        }

        endA.StoreUnsafe(ref x1, last);
        endB.StoreUnsafe(ref x2, last);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>) Rotate(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> s) => (a * c - b * s, b * c + a * s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>) Rotate(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> s) => (a * c - b * s, b * c + a * s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float>, Vector128<float>) Rotate(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> s) => (a * c - b * s, b * c + a * s);
}
