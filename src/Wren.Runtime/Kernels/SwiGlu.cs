using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels;

/// <summary>The gated feed-forward activation of Llama: y = silu(gate) * up, silu(g) = g / (1 + e^-g).</summary>
public static class SwiGlu
{
    /// <summary>Shapes: gate [I], up [I], y [I] (y may be gate or up).</summary>
    public static void Apply(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y) =>
        Apply(gate, up, y, VectorMath.SelectPath(gate.Length));

    internal static void Apply(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y, KernelPath path)
    {
        if (up.Length != gate.Length || y.Length != gate.Length) throw new ArgumentException("gate, up and y must have the same length");
        ref float gr = ref MemoryMarshal.GetReference(gate);
        ref float ur = ref MemoryMarshal.GetReference(up);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = gate.Length;
        nint i = 0;
        if (path == KernelPath.Vector512)
        {
            for (; i + 16 <= n; i += 16)
            {
                var g = Vector512.LoadUnsafe(ref gr, (nuint)i);
                (g / (Vector512<float>.One + Vector512.Exp(-g)) * Vector512.LoadUnsafe(ref ur, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        else if (path == KernelPath.Vector256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var g = Vector256.LoadUnsafe(ref gr, (nuint)i);
                (g / (Vector256<float>.One + Vector256.Exp(-g)) * Vector256.LoadUnsafe(ref ur, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float g = Unsafe.Add(ref gr, i);
            Unsafe.Add(ref yr, i) = g / (1f + MathF.Exp(-g)) * Unsafe.Add(ref ur, i);
        }
    }
}
