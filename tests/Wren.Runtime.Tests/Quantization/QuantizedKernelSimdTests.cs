using System.Runtime.InteropServices;
using Wren.Runtime.Quantization;

namespace Wren.Runtime.Tests.Quantization;

/// <summary>Each vectorised kernel against the scalar reference beside it, on many lengths and odd values.</summary>
public sealed class QuantizedKernelSimdTests
{
    public static TheoryData<int> BlockCounts => new() { 0, 1, 2, 3, 7, 8, 9, 31, 64 };

    [Theory]
    [MemberData(nameof(BlockCounts))]
    public void Q80VectorQuantizeAndDequantizeAreBitIdenticalToScalar(int blocks)
    {
        float[] x = Mixed(blocks * 32, seed: blocks);
        byte[] a = new byte[blocks * 34], b = new byte[blocks * 34];
        Q8_0Format.Quantize(x, a);
        Q8_0Format.QuantizeScalar(x, b);
        Assert.Equal(b, a);
        float[] ya = new float[x.Length], yb = new float[x.Length];
        Q8_0Format.Dequantize(a, ya);
        Q8_0Format.DequantizeScalar(a, yb);
        Assert.Equal(yb, ya);
    }

    [Theory]
    [MemberData(nameof(BlockCounts))]
    public void Q40VectorDequantizeIsBitIdenticalToScalar(int blocks)
    {
        float[] x = Mixed(blocks * 32, seed: 100 + blocks);
        byte[] q = new byte[blocks * 18];
        Q4_0Format.Quantize(x, q);
        float[] ya = new float[x.Length], yb = new float[x.Length];
        Q4_0Format.Dequantize(q, ya);
        Q4_0Format.DequantizeScalar(q, yb);
        Assert.Equal(yb, ya);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void Q4KVectorDequantizeIsBitIdenticalToScalar(int blocks)
    {
        float[] x = Mixed(blocks * 256, seed: 300 + blocks);
        byte[] q = new byte[blocks * 144];
        Q4_KFormat.Quantize(x, q);
        float[] ya = new float[x.Length], yb = new float[x.Length];
        Q4_KFormat.Dequantize(q, ya);
        Q4_KFormat.DequantizeScalar(q, yb);
        Assert.Equal(yb, ya);
    }

    [Fact]
    public void F16AndBF16VectorPathsEqualScalarOnLengths0To257()
    {
        for (int n = 0; n <= 257; n++)
        {
            float[] x = Mixed(n, seed: n);
            byte[] a = new byte[2 * n], b = new byte[2 * n];
            F16Format.Quantize(x, a);
            F16Format.QuantizeScalar(x, b);
            Assert.Equal(b, a);
            float[] ya = new float[n], yb = new float[n];
            F16Format.Dequantize(a, ya);
            F16Format.DequantizeScalar(a, yb);
            Assert.Equal(yb, ya);
            BF16Format.Quantize(x, a);
            BF16Format.Dequantize(a, ya);
            BF16Format.DequantizeScalar(a, yb);
            Assert.Equal(yb, ya);
        }
    }

    [Fact]
    public void BF16RoundsToNearestEvenAndKeepsNanQuiet()
    {
        Assert.Equal(0x3F80, BF16Format.FromSingle(1f));
        Assert.Equal(0x3F80, BF16Format.FromSingle(BitConverter.UInt32BitsToSingle(0x3F808000))); // tie -> even
        Assert.Equal(0x3F82, BF16Format.FromSingle(BitConverter.UInt32BitsToSingle(0x3F818000))); // tie -> even (up)
        Assert.Equal(0x3F81, BF16Format.FromSingle(BitConverter.UInt32BitsToSingle(0x3F808001)));
        ushort nan = BF16Format.FromSingle(BitConverter.UInt32BitsToSingle(0x7F800001));
        Assert.True(float.IsNaN(BF16Format.ToSingle(nan)));
    }

    [Theory]
    [MemberData(nameof(BlockCounts))]
    public void Int8DotProductsMatchTheScalarReferenceAndTheFloatDot(int blocks)
    {
        int n = blocks * 32;
        float[] w = Mixed(n, seed: 7 + blocks), a = Mixed(n, seed: 70 + blocks);
        byte[] wq8 = new byte[blocks * 34], wq4 = new byte[blocks * 18], aq8 = new byte[blocks * 34];
        Q8_0Format.Quantize(w, wq8);
        Q4_0Format.Quantize(w, wq4);
        Q8_0Format.Quantize(a, aq8);

        float fast = QuantizedDot.DotQ8_0(wq8, aq8, n);
        float scalar = QuantizedDot.DotQ8_0Scalar(wq8, aq8, n);
        double scale = MagnitudeOfTerms(wq8, aq8, GgmlType.Q8_0, n);
        Assert.True(Math.Abs(fast - scalar) <= 1e-5 * scale + 1e-30, $"q8_0 x q8_0: {fast} vs scalar {scalar}");
        Assert.True(Math.Abs(scalar - FloatDot(wq8, aq8, GgmlType.Q8_0, n)) <= 1e-5 * scale + 1e-30);

        fast = QuantizedDot.DotQ4_0Q8_0(wq4, aq8, n);
        scalar = QuantizedDot.DotQ4_0Q8_0Scalar(wq4, aq8, n);
        scale = MagnitudeOfTerms(wq4, aq8, GgmlType.Q4_0, n);
        Assert.True(Math.Abs(fast - scalar) <= 1e-5 * scale + 1e-30, $"q4_0 x q8_0: {fast} vs scalar {scalar}");
        Assert.True(Math.Abs(scalar - FloatDot(wq4, aq8, GgmlType.Q4_0, n)) <= 1e-5 * scale + 1e-30);
    }

    [Fact]
    public void DotProductsRejectRowsTooShortForN()
    {
        Assert.Throws<ArgumentException>(() => QuantizedDot.DotQ8_0(new byte[34], new byte[68], 64));
        Assert.Throws<ArgumentException>(() => QuantizedDot.DotQ8_0(new byte[68], new byte[68], 48));
    }

    private static float FloatDot(byte[] w, byte[] a, GgmlType wType, int n)
    {
        float[] wf = new float[n], af = new float[n];
        GgmlQuantizer.Dequantize(wType, w, wf);
        GgmlQuantizer.Dequantize(GgmlType.Q8_0, a, af);
        double s = 0;
        for (int i = 0; i < n; i++) s += wf[i] * (double)af[i];
        return (float)s;
    }

    private static double MagnitudeOfTerms(byte[] w, byte[] a, GgmlType wType, int n)
    {
        float[] wf = new float[n], af = new float[n];
        GgmlQuantizer.Dequantize(wType, w, wf);
        GgmlQuantizer.Dequantize(GgmlType.Q8_0, a, af);
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.Abs(wf[i] * (double)af[i]);
        return s;
    }

    /// <summary>Gaussian values with zeros, ties at .5 after scaling, and a wide dynamic range mixed in.</summary>
    private static float[] Mixed(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            x[i] = (i % 11) switch
            {
                0 => 0f,
                1 => (float)Math.Round(g * 4) / 2 + 0.25f,
                2 => (float)(g * 1e3),
                _ => (float)g,
            };
        }
        return x;
    }
}
