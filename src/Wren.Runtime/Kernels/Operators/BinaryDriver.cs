using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Runtime.Kernels.Operators;

/// <summary>
/// The loop of every elementwise kernel z[i] = f(x[i], y[i]), written once per width as TensorPrimitives writes its
/// drivers: four vectors per iteration, then one, then a last vector that overlaps the ones before it. That last vector
/// is computed from the inputs before the loop writes anything, so the destination may be x or y itself; spans shorter
/// than 4 go through one zero-padded Vector128. No element is ever computed by the scalar form on a vector path, so a
/// span's elements get the same bits whatever its length (a batch of rows equals the rows one by one).
/// </summary>
internal static class BinaryDriver
{
    /// <summary>destination[i] = op(x[i], y[i]). Shapes: x [n], y [n], destination [n] (may be x or y, not an offset into them).</summary>
    public static void Run<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, KernelPath path)
        where TOp : struct, IBinaryOperator
    {
        int n = x.Length;
        if (y.Length != n || destination.Length != n) throw new ArgumentException($"x, y and destination must have the same length ({n}, {y.Length}, {destination.Length})");
        DriverChecks.NotShifted(x, destination);
        DriverChecks.NotShifted(y, destination);
        if (n == 0) return;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        switch (KernelPaths.Fit(path, n))
        {
            case KernelPath.Vector512: Vector512Loop(op, ref xr, ref yr, ref dr, n); break;
            case KernelPath.Vector256: Vector256Loop(op, ref xr, ref yr, ref dr, n); break;
            case KernelPath.Vector128 when n >= 4: Vector128Loop(op, ref xr, ref yr, ref dr, n); break;
            case KernelPath.Vector128: Padded(op, x, y, destination); break;
            default:
                for (int i = 0; i < n; i++) Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
                break;
        }
    }

    private static void Vector512Loop<TOp>(TOp op, ref float x, ref float y, ref float d, int n) where TOp : struct, IBinaryOperator
    {
        const int W = 16;
        nuint last = (nuint)(n - W), i = 0;
        var end = op.Invoke(Vector512.LoadUnsafe(ref x, last), Vector512.LoadUnsafe(ref y, last));
        for (; i + 4 * W <= (nuint)n; i += 4 * W)
        {
            op.Invoke(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
            op.Invoke(Vector512.LoadUnsafe(ref x, i + W), Vector512.LoadUnsafe(ref y, i + W)).StoreUnsafe(ref d, i + W);
            op.Invoke(Vector512.LoadUnsafe(ref x, i + 2 * W), Vector512.LoadUnsafe(ref y, i + 2 * W)).StoreUnsafe(ref d, i + 2 * W);
            op.Invoke(Vector512.LoadUnsafe(ref x, i + 3 * W), Vector512.LoadUnsafe(ref y, i + 3 * W)).StoreUnsafe(ref d, i + 3 * W);
        }

        for (; i + W <= (nuint)n; i += W) op.Invoke(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        end.StoreUnsafe(ref d, last);
    }

    private static void Vector256Loop<TOp>(TOp op, ref float x, ref float y, ref float d, int n) where TOp : struct, IBinaryOperator
    {
        const int W = 8;
        nuint last = (nuint)(n - W), i = 0;
        var end = op.Invoke(Vector256.LoadUnsafe(ref x, last), Vector256.LoadUnsafe(ref y, last));
        for (; i + 4 * W <= (nuint)n; i += 4 * W)
        {
            op.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
            op.Invoke(Vector256.LoadUnsafe(ref x, i + W), Vector256.LoadUnsafe(ref y, i + W)).StoreUnsafe(ref d, i + W);
            op.Invoke(Vector256.LoadUnsafe(ref x, i + 2 * W), Vector256.LoadUnsafe(ref y, i + 2 * W)).StoreUnsafe(ref d, i + 2 * W);
            op.Invoke(Vector256.LoadUnsafe(ref x, i + 3 * W), Vector256.LoadUnsafe(ref y, i + 3 * W)).StoreUnsafe(ref d, i + 3 * W);
        }

        for (; i + W <= (nuint)n; i += W) op.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        end.StoreUnsafe(ref d, last);
    }

    private static void Vector128Loop<TOp>(TOp op, ref float x, ref float y, ref float d, int n) where TOp : struct, IBinaryOperator
    {
        const int W = 4;
        nuint last = (nuint)(n - W), i = 0;
        var end = op.Invoke(Vector128.LoadUnsafe(ref x, last), Vector128.LoadUnsafe(ref y, last));
        for (; i + 4 * W <= (nuint)n; i += 4 * W)
        {
            op.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
            op.Invoke(Vector128.LoadUnsafe(ref x, i + W), Vector128.LoadUnsafe(ref y, i + W)).StoreUnsafe(ref d, i + W);
            op.Invoke(Vector128.LoadUnsafe(ref x, i + 2 * W), Vector128.LoadUnsafe(ref y, i + 2 * W)).StoreUnsafe(ref d, i + 2 * W);
            op.Invoke(Vector128.LoadUnsafe(ref x, i + 3 * W), Vector128.LoadUnsafe(ref y, i + 3 * W)).StoreUnsafe(ref d, i + 3 * W);
        }

        for (; i + W <= (nuint)n; i += W) op.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        end.StoreUnsafe(ref d, last);
    }

    /// <summary>Fewer than 4 elements: one Vector128 over zero-padded copies, the first n lanes kept.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Padded<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) where TOp : struct, IBinaryOperator
    {
        Span<float> a = stackalloc float[4], b = stackalloc float[4];
        a.Clear();
        b.Clear();
        x.CopyTo(a);
        y.CopyTo(b);
        op.Invoke(Vector128.Create(a), Vector128.Create(b)).CopyTo(a);
        a[..destination.Length].CopyTo(destination);
    }
}
