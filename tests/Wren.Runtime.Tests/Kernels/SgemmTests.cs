using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Wren.Runtime.Kernels;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Tests.Kernels;

/// <summary>
/// The shared SGEMM: every path (Vector512 too, emulated where the CPU lacks it) against the scalar micro-kernel bit for
/// bit, and against a double-precision product, on odd shapes, the four stride layouts, overwrite and accumulate;
/// the parallel driver against the single-threaded one for several thread counts; BF16 rounding of the inputs.
/// </summary>
public sealed unsafe class SgemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 3, 5, 7 }, { 6, 16, 1 }, { 7, 17, 255 }, { 12, 32, 256 }, { 13, 33, 257 }, { 73, 40, 300 }, { 5, 530, 9 }, { 150, 3, 513 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathEqualsTheScalarKernelBitForBitAndADoubleProductClosely(int m, int n, int k)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
        {
            var a = Random(rng, m * k);
            var b = Random(rng, k * n);
            var c0 = Random(rng, m * n);
            var expected = Expected(a, b, c0, m, n, k, transA, transB, accumulate);
            float[]? scalar = null;
            foreach (var path in new[] { KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256, KernelPath.Vector512 })
            {
                var c = (float[])c0.Clone();
                fixed (float* ap = a)
                fixed (float* bp = b)
                fixed (float* cp = c)
                {
                    Sgemm.Multiply(path, View(ap, transA, m, k), View(bp, transB, k, n), m, k, n, cp, n, accumulate, roundToBf16: false);
                }

                for (int i = 0; i < c.Length; i++)
                    Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-5 * (k + 1), $"{path} A{(transA ? "ᵀ" : "")} B{(transB ? "ᵀ" : "")} acc={accumulate} element {i}: {c[i]} vs {expected[i]}");
                if (scalar is null) scalar = c;
                else Assert.True(scalar.AsSpan().SequenceEqual(c), $"{path} differs from the scalar kernel (A{(transA ? "ᵀ" : "")} B{(transB ? "ᵀ" : "")} acc={accumulate})");
            }
        }
    }

    [Fact]
    public void ALeadingDimensionWiderThanNLeavesTheOtherColumnsAlone()
    {
        const int m = 9, n = 20, k = 31, ldc = 27;
        var rng = new Random(5);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = Random(rng, m * ldc);
        var before = (float[])c.Clone();
        fixed (float* ap = a)
        fixed (float* bp = b)
        {
            Sgemm.Multiply(StridedMatrix.RowMajor(ap, k), StridedMatrix.RowMajor(bp, n), m, k, n, c, ldc, accumulate: false);
        }

        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc; j++) Assert.Equal(before[i * ldc + j], c[i * ldc + j]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheParallelDriverGivesTheSingleThreadedBitsForAnyThreadCount(int threads)
    {
        // Wide enough for several row blocks and column chunks.
        const int m = 150, n = 1100, k = 530;
        var rng = new Random(11);
        var a = Random(rng, m * k);
        var b = Random(rng, n * k);
        var single = Random(rng, m * n);
        var parallel = (float[])single.Clone();
        using var pool = new WorkerPool(threads);
        var sgemm = new ParallelSgemm(pool);
        fixed (float* ap = a)
        fixed (float* bp = b)
        {
            // C += A Bᵀ: the forward product of a linear layer, accumulated.
            Sgemm.Multiply(StridedMatrix.RowMajor(ap, k), StridedMatrix.Transposed(bp, k), m, k, n, single, n, accumulate: true);
            sgemm.Multiply(StridedMatrix.RowMajor(ap, k), StridedMatrix.Transposed(bp, k), m, k, n, parallel, n, accumulate: true);
        }

        Assert.True(single.AsSpan().SequenceEqual(parallel));
    }

    [Fact]
    public void Bf16ProductsEqualFloat32ProductsOfInputsRoundedToBf16ToNearestEven()
    {
        const int m = 13, n = 37, k = 300;
        var rng = new Random(7);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var rounded = new float[m * n];
        var exact = new float[m * n];
        var ar = a.Select(v => BitConverter.UInt32BitsToSingle((uint)HalfConversion.SingleToBF16(v) << 16)).ToArray();
        var br = b.Select(v => BitConverter.UInt32BitsToSingle((uint)HalfConversion.SingleToBF16(v) << 16)).ToArray();
        Assert.NotEqual(a, ar); // the inputs do lose bits
        using var pool = new WorkerPool(2);
        fixed (float* ap = a)
        fixed (float* bp = b)
        fixed (float* arp = ar)
        fixed (float* brp = br)
        {
            new ParallelSgemm(pool).Multiply(StridedMatrix.Transposed(ap, m), StridedMatrix.RowMajor(bp, n), m, k, n, rounded, n, accumulate: false, roundToBf16: true);
            Sgemm.Multiply(StridedMatrix.Transposed(arp, m), StridedMatrix.RowMajor(brp, n), m, k, n, exact, n, accumulate: false);
        }

        Assert.True(rounded.AsSpan().SequenceEqual(exact));
    }

    [Fact]
    public void RoundingToBf16TiesToEven()
    {
        // 1 + 2^-8 is halfway between BF16 neighbours 1 and 1 + 2^-7: ties go to the even mantissa (1).
        Assert.Equal(1f, Sgemm.RoundToBf16(1f + MathF.Pow(2, -8)));
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        Assert.Equal(1f + MathF.Pow(2, -6), Sgemm.RoundToBf16(1f + 3 * MathF.Pow(2, -8)));
        Assert.Equal(1f + MathF.Pow(2, -7), Sgemm.RoundToBf16(1f + MathF.Pow(2, -7) + MathF.Pow(2, -10)));
        Assert.True(float.IsNaN(Sgemm.RoundToBf16(float.NaN)));
    }

    [Fact]
    public void AnEmptyDepthClearsOrKeepsC()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Sgemm.Multiply(default, default, 2, 0, 2, c, 2, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
        Sgemm.Multiply(default, default, 2, 0, 2, c, 2, accumulate: false);
        Assert.Equal(new float[4], c);
        Assert.True(Vector128.IsHardwareAccelerated || Sgemm.PathName == "Scalar");
    }

    [Fact]
    public void AnOutputSpanTooShortForItsRowsIsRefused()
    {
        var a = GC.AllocateArray<float>(6, pinned: true);
        var c = new float[2 * 5 + 3 - 1];
        nint ap = (nint)Unsafe.AsPointer(ref a[0]);
        var error = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(StridedMatrix.RowMajor((float*)ap, 2), StridedMatrix.RowMajor((float*)ap, 3), 3, 2, 3, c, 5, accumulate: false));
        Assert.Contains("needs 13", error.Message);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void TheSpanOverloadsEqualTheStridedViewsBitForBit(bool transA, bool transB)
    {
        const int m = 13, k = 33, n = 21;
        var rng = new Random(7);
        var a = GC.AllocateArray<float>(m * k, pinned: true);
        var b = GC.AllocateArray<float>(k * n, pinned: true);
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.5);
        float[] viaViews = new float[m * n], single = new float[m * n], parallel = new float[m * n];
        Sgemm.Multiply(View((float*)Unsafe.AsPointer(ref a[0]), transA, m, k), View((float*)Unsafe.AsPointer(ref b[0]), transB, k, n), m, k, n, viaViews, n, accumulate: false);
        Sgemm.Multiply(a, transA, b, transB, m, k, n, single, n, accumulate: false);
        using var pool = new WorkerPool(2);
        new ParallelSgemm(pool).Multiply(a, transA, b, transB, m, k, n, parallel, n, accumulate: false);
        Assert.Equal(viaViews, single);
        Assert.Equal(viaViews, parallel);
        Assert.NotEqual(new float[m * n], single);
    }

    [Fact]
    public void AnOperandSpanTooShortForItsShapeIsRefused()
    {
        var c = new float[9];
        var error = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(new float[5], false, new float[6], false, 3, 2, 3, c, 3, accumulate: false));
        Assert.Contains("a holds 5 floats", error.Message);
        using var pool = new WorkerPool(1);
        error = Assert.Throws<ArgumentException>(() => new ParallelSgemm(pool).Multiply(new float[6], false, new float[5], false, 3, 2, 3, c, 3, accumulate: false));
        Assert.Contains("b holds 5 floats", error.Message);
    }

    /// <summary>A as [M, K] (row-major [M, K] or, transposed, stored [K, M]); likewise B.</summary>
    private static StridedMatrix View(float* p, bool transposed, int rows, int cols) => StridedMatrix.Of(p, transposed, rows, cols);

    private static double[] Expected(float[] a, float[] b, float[] c0, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c0[i * n + j] : 0;
                for (int r = 0; r < k; r++)
                    sum += (double)(transA ? a[r * m + i] : a[i * k + r]) * (transB ? b[j * k + r] : b[r * n + j]);
                expected[i * n + j] = sum;
            }

        return expected;
    }

    private static float[] Random(Random rng, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
