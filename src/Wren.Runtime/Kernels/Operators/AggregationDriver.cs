using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>
/// The loops that sum: a transform that is also stored, destination[i] = f(x[i]) and the sum of those values (softmax's
/// numerators and their total), and the dot product. Several accumulators per width, then a last vector that overlaps the
/// ones before it, computed before the loop (the destination may be x) and added under a mask of its new lanes, as
/// TensorPrimitives' aggregations end. Other plain sums are TensorPrimitives' own (Sum, SumOfSquares, Max).
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

    /// <summary>
    /// sum_i x[i] y[i], fused multiply-adds into two accumulators per width. Attention calls it once per cached position
    /// with head-sized spans (D = 48..128), where TensorPrimitives.Dot measured 1.6-2.4x slower per call on this
    /// machine (its dispatch and remainder handling weigh on a few vectors); over long spans the two are even.
    /// Shapes: x [n], y [n].
    /// </summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, KernelPath path)
    {
        int n = x.Length;
        if (y.Length != n) throw new ArgumentException($"x has {n} elements, y {y.Length}", nameof(y));
        if (n == 0) return 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        switch (KernelPaths.Fit(path, n))
        {
            case KernelPath.Vector512:
            {
                nuint last = (nuint)(n - 16), i = 0;
                Vector512<float> s0 = default, s1 = default;
                for (; i + 32 <= (nuint)n; i += 32)
                {
                    s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i), s0);
                    s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i + 16), Vector512.LoadUnsafe(ref yr, i + 16), s1);
                }

                if (i + 16 <= (nuint)n)
                {
                    s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i), s0);
                    i += 16;
                }

                if (i < (nuint)n) s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, last) & KernelPaths.LastLanes512(n - (int)i), Vector512.LoadUnsafe(ref yr, last), s1);
                return Vector512.Sum(s0 + s1);
            }

            case KernelPath.Vector256:
            {
                nuint last = (nuint)(n - 8), i = 0;
                Vector256<float> s0 = default, s1 = default;
                for (; i + 16 <= (nuint)n; i += 16)
                {
                    s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i), s0);
                    s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, i + 8), Vector256.LoadUnsafe(ref yr, i + 8), s1);
                }

                if (i + 8 <= (nuint)n)
                {
                    s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i), s0);
                    i += 8;
                }

                if (i < (nuint)n) s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, last) & KernelPaths.LastLanes256(n - (int)i), Vector256.LoadUnsafe(ref yr, last), s1);
                return Vector256.Sum(s0 + s1);
            }

            case KernelPath.Vector128 when n >= 4:
            {
                // MultiplyAddEstimate: FMLA on NEON, VFMADD with FMA, a multiply and an add on x86 without it.
                nuint last = (nuint)(n - 4), i = 0;
                Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (; i + 16 <= (nuint)n; i += 16)
                {
                    s0 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i), s0);
                    s1 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref xr, i + 4), Vector128.LoadUnsafe(ref yr, i + 4), s1);
                    s2 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref xr, i + 8), Vector128.LoadUnsafe(ref yr, i + 8), s2);
                    s3 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref xr, i + 12), Vector128.LoadUnsafe(ref yr, i + 12), s3);
                }

                for (; i + 4 <= (nuint)n; i += 4) s0 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i), s0);
                if (i < (nuint)n) s1 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref xr, last) & KernelPaths.LastLanes128(n - (int)i), Vector128.LoadUnsafe(ref yr, last), s1);
                return Vector128.Sum((s0 + s1) + (s2 + s3));
            }

            case KernelPath.Vector128:
            {
                Span<float> a = stackalloc float[4], b = stackalloc float[4];
                a.Clear();
                b.Clear();
                x.CopyTo(a);
                y.CopyTo(b);
                return Vector128.Sum(Vector128.MultiplyAddEstimate(Vector128.Create(a), Vector128.Create(b), Vector128<float>.Zero));
            }

            default:
            {
                float sum = 0;
                for (int i = 0; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), sum);
                return sum;
            }
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
