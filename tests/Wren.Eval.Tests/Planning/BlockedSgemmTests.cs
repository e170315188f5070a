using Wren.Eval.Planning;

namespace Wren.Eval.Tests.Planning;

public sealed class BlockedSgemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(4, 8, 16)]
    [InlineData(8, 17, 32)]
    [InlineData(13, 31, 65)]
    [InlineData(37, 64, 100)]
    [InlineData(64, 129, 257)]
    public void Vector_path_matches_the_scalar_reference_on_odd_shapes(int m, int k, int n)
    {
        var random = new Random(m * 1000 + k * 10 + n);
        float[] a = Fill(random, m * k);
        float[] b = Fill(random, k * n);
        float[] fast = new float[m * n];
        float[] reference = new float[m * n];

        BlockedSgemm.Multiply(a, b, fast, m, k, n);
        BlockedSgemm.MultiplyReference(a, b, reference, m, k, n);

        for (int i = 0; i < fast.Length; i++)
        {
            Assert.True(Math.Abs(fast[i] - reference[i]) <= 1e-5f * (1 + Math.Abs(reference[i])), $"C[{i}]: {fast[i]} vs {reference[i]}");
        }
    }

    [Fact]
    public void Reference_computes_a_known_product()
    {
        float[] a = [1, 2, 3, 4, 5, 6];        // [2,3]
        float[] b = [7, 8, 9, 10, 11, 12];     // [3,2]
        float[] c = new float[4];

        BlockedSgemm.MultiplyReference(a, b, c, 2, 3, 2);

        Assert.Equal([58f, 64f, 139f, 154f], c);
    }

    [Fact]
    public void Row_ranges_compose_to_the_whole_product()
    {
        var random = new Random(7);
        const int m = 23, k = 19, n = 40;
        float[] a = Fill(random, m * k);
        float[] b = Fill(random, k * n);
        float[] whole = new float[m * n];
        float[] parts = new float[m * n];

        BlockedSgemm.Multiply(a, b, whole, m, k, n);
        BlockedSgemm.MultiplyRows(a, b, parts, m, k, n, 0, 9);
        BlockedSgemm.MultiplyRows(a, b, parts, m, k, n, 9, m);

        Assert.Equal(whole, parts);
    }

    [Fact]
    public void Short_spans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BlockedSgemm.Multiply(new float[5], new float[6], new float[4], 2, 3, 2));
    }

    private static float[] Fill(Random random, int count)
    {
        float[] x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return x;
    }
}
