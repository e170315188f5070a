using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>
/// The loop of a transform that is also summed: destination[i] = f(x[i]) and the sum of those values (softmax's
/// numerators and their total). Four accumulators per width, then a last vector that overlaps the ones before it, computed
/// before the loop (the destination may be x) and added under a mask of its new lanes, as TensorPrimitives' aggregations
/// end. Plain sums without a stored transform are TensorPrimitives' own (Sum, SumOfSquares, Dot, Max).
/// </summary>
internal static class AggregationDriver
{
    /// <summary>destination[i] = op(x[i]); returns the sum of the destination. Shapes: x [n], destination [n] (may be x).</summary>
    public static float TransformAndSum<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> destination, KernelPath path)
        where TOp : struct, IUnaryOperator
    {
        int n = x.Length;
        if (destination.Length != n) throw new ArgumentException($"x has {n} elements, destination {destination.Length}", nameof(destination));
        DriverChecks.NotShifted(x, destination);
        if (n == 0) return 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        switch (KernelPaths.Fit(path, n))
        {
            case KernelPath.Vector512: return Vector512Loop(op, ref xr, ref dr, n);
            case KernelPath.Vector256: return Vector256Loop(op, ref xr, ref dr, n);
            case KernelPath.Vector128 when n >= 4: return Vector128Loop(op, ref xr, ref dr, n);
            case KernelPath.Vector128: return Padded(op, x, destination);
            default:
                float sum = 0;
                for (int i = 0; i < n; i++) sum += Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
                return sum;
        }
    }

    private static float Vector512Loop<TOp>(TOp op, ref float x, ref float d, int n) where TOp : struct, IUnaryOperator
    {
        const int W = 16;
        nuint last = (nuint)(n - W), i = 0;
        var end = op.Invoke(Vector512.LoadUnsafe(ref x, last));
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i + 4 * W <= (nuint)n; i += 4 * W)
        {
            var t0 = op.Invoke(Vector512.LoadUnsafe(ref x, i));
            var t1 = op.Invoke(Vector512.LoadUnsafe(ref x, i + W));
            var t2 = op.Invoke(Vector512.LoadUnsafe(ref x, i + 2 * W));
            var t3 = op.Invoke(Vector512.LoadUnsafe(ref x, i + 3 * W));
            t0.StoreUnsafe(ref d, i);
            t1.StoreUnsafe(ref d, i + W);
            t2.StoreUnsafe(ref d, i + 2 * W);
            t3.StoreUnsafe(ref d, i + 3 * W);
            s0 += t0;
            s1 += t1;
            s2 += t2;
            s3 += t3;
        }

        for (; i + W <= (nuint)n; i += W)
        {
            var t = op.Invoke(Vector512.LoadUnsafe(ref x, i));
            t.StoreUnsafe(ref d, i);
            s0 += t;
        }

        int rest = n - (int)i;
        if (rest > 0)
        {
            end.StoreUnsafe(ref d, last);
            s1 += end & KernelPaths.LastLanes512(rest);
        }

        return Vector512.Sum((s0 + s1) + (s2 + s3));
    }

    private static float Vector256Loop<TOp>(TOp op, ref float x, ref float d, int n) where TOp : struct, IUnaryOperator
    {
        const int W = 8;
        nuint last = (nuint)(n - W), i = 0;
        var end = op.Invoke(Vector256.LoadUnsafe(ref x, last));
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i + 4 * W <= (nuint)n; i += 4 * W)
        {
            var t0 = op.Invoke(Vector256.LoadUnsafe(ref x, i));
            var t1 = op.Invoke(Vector256.LoadUnsafe(ref x, i + W));
            var t2 = op.Invoke(Vector256.LoadUnsafe(ref x, i + 2 * W));
            var t3 = op.Invoke(Vector256.LoadUnsafe(ref x, i + 3 * W));
            t0.StoreUnsafe(ref d, i);
            t1.StoreUnsafe(ref d, i + W);
            t2.StoreUnsafe(ref d, i + 2 * W);
            t3.StoreUnsafe(ref d, i + 3 * W);
            s0 += t0;
            s1 += t1;
            s2 += t2;
            s3 += t3;
        }

        for (; i + W <= (nuint)n; i += W)
        {
            var t = op.Invoke(Vector256.LoadUnsafe(ref x, i));
            t.StoreUnsafe(ref d, i);
            s0 += t;
        }

        int rest = n - (int)i;
        if (rest > 0)
        {
            end.StoreUnsafe(ref d, last);
            s1 += end & KernelPaths.LastLanes256(rest);
        }

        return Vector256.Sum((s0 + s1) + (s2 + s3));
    }

    private static float Vector128Loop<TOp>(TOp op, ref float x, ref float d, int n) where TOp : struct, IUnaryOperator
    {
        const int W = 4;
        nuint last = (nuint)(n - W), i = 0;
        var end = op.Invoke(Vector128.LoadUnsafe(ref x, last));
        Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i + 4 * W <= (nuint)n; i += 4 * W)
        {
            var t0 = op.Invoke(Vector128.LoadUnsafe(ref x, i));
            var t1 = op.Invoke(Vector128.LoadUnsafe(ref x, i + W));
            var t2 = op.Invoke(Vector128.LoadUnsafe(ref x, i + 2 * W));
            var t3 = op.Invoke(Vector128.LoadUnsafe(ref x, i + 3 * W));
            t0.StoreUnsafe(ref d, i);
            t1.StoreUnsafe(ref d, i + W);
            t2.StoreUnsafe(ref d, i + 2 * W);
            t3.StoreUnsafe(ref d, i + 3 * W);
            s0 += t0;
            s1 += t1;
            s2 += t2;
            s3 += t3;
        }

        for (; i + W <= (nuint)n; i += W)
        {
            var t = op.Invoke(Vector128.LoadUnsafe(ref x, i));
            t.StoreUnsafe(ref d, i);
            s0 += t;
        }

        int rest = n - (int)i;
        if (rest > 0)
        {
            end.StoreUnsafe(ref d, last);
            s1 += end & KernelPaths.LastLanes128(rest);
        }

        return Vector128.Sum((s0 + s1) + (s2 + s3));
    }

    /// <summary>Fewer than 4 elements: one Vector128 over a zero-padded copy; the padding lanes are neither kept nor summed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Padded<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> destination) where TOp : struct, IUnaryOperator
    {
        Span<float> a = stackalloc float[4];
        a.Clear();
        x.CopyTo(a);
        op.Invoke(Vector128.Create(a)).CopyTo(a);
        float sum = 0;
        for (int i = 0; i < destination.Length; i++) sum += destination[i] = a[i];
        return sum;
    }
}
