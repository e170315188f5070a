using Wren.Training.Layers;

namespace Wren.Training.Tests.Layers;

/// <summary>Every SIMD path of the backward-pass products against the scalar reference and a double-precision product.</summary>
public sealed unsafe class ProductKernelTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 3, 5, 7 }, { 4, 16, 1 }, { 5, 33, 300 }, { 64, 64, 64 }, { 9, 70, 257 }, { 17, 129, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Input_and_weight_gradient_forms_agree_on_every_path(int rows, int cols, int depth)
    {
        var rng = new Wren.Training.Model.SeededRandom((ulong)(rows * 1000 + cols * 10 + depth));
        // NN form: C[rows, cols] += A[rows, depth] B[depth, cols]; TN form: C[rows, cols] += A[depth, rows]ᵀ B[depth, cols].
        var a = new float[rows * depth];
        var b = new float[depth * cols];
        var c0 = new float[rows * cols];
        rng.FillNormal(a, 1);
        rng.FillNormal(b, 1);
        rng.FillNormal(c0, 1);

        foreach (bool transposed in new[] { false, true })
        {
            var expected = new double[rows * cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                {
                    double sum = c0[i * cols + j];
                    for (int r = 0; r < depth; r++) sum += (double)A(a, transposed, rows, depth, i, r) * b[r * cols + j];
                    expected[i * cols + j] = sum;
                }

            float[]? scalar = null;
            foreach (var path in new[] { TrainingKernelPath.Scalar, TrainingKernelPath.Vector256, TrainingKernelPath.Vector512 })
            {
                if (path == TrainingKernelPath.Vector256 && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) continue;
                if (path == TrainingKernelPath.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) continue;
                var c = (float[])c0.Clone();
                fixed (float* ap = a)
                fixed (float* bp = b)
                fixed (float* cp = c)
                {
                    nint rowStride = transposed ? 1 : depth, depthStride = transposed ? rows : 1;
                    ProductKernel.Accumulate(path, ap, rowStride, depthStride, bp, cols, cp, cols, 0, rows, 0, cols, depth);
                }

                for (int i = 0; i < c.Length; i++) Assert.True(Math.Abs(c[i] - expected[i]) < 1e-4 * Math.Sqrt(depth + 1), $"{path} element {i}");
                if (scalar is null) scalar = c;
                else Assert.Equal(scalar, c); // same fused multiply-adds in the same order: bit-identical
            }
        }
    }

    private static float A(float[] a, bool transposed, int rows, int depth, int i, int r) => transposed ? a[r * rows + i] : a[i * depth + r];
}
