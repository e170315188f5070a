using Wren.Runtime.Quantization;

namespace Wren.Runtime.Tests.Quantization;

/// <summary>Quantize then dequantize: the error stays within what each format's step size allows.</summary>
public sealed class QuantizationRoundTripTests
{
    // Relative RMS error bounds on gaussian weights (measured values are well inside: Q8_0 ~0.4%,
    // Q6_K ~1%, Q5_0 ~3%, Q4_K ~5%, Q4_0 ~6.5%).
    [Theory]
    [InlineData(GgmlType.F16, 1e-3)]
    [InlineData(GgmlType.BF16, 5e-3)]
    [InlineData(GgmlType.Q8_0, 0.01)]
    [InlineData(GgmlType.Q6_K, 0.02)]
    [InlineData(GgmlType.Q5_0, 0.05)]
    [InlineData(GgmlType.Q5_1, 0.05)]
    [InlineData(GgmlType.Q4_1, 0.10)]
    [InlineData(GgmlType.Q4_K, 0.08)]
    [InlineData(GgmlType.Q4_0, 0.10)]
    public void RoundTripErrorOnGaussianWeightsIsWithinTheFormatBound(GgmlType type, double bound)
    {
        float[] x = Gaussian(256 * 64, seed: 11);
        float[] y = RoundTrip(type, x);
        double err = 0, sig = 0;
        for (int i = 0; i < x.Length; i++) { err += (x[i] - y[i]) * (double)(x[i] - y[i]); sig += x[i] * (double)x[i]; }
        double relative = Math.Sqrt(err / sig);
        Assert.True(relative < bound, $"{type}: relative RMS error {relative:F4} exceeds {bound}");
        Assert.True(relative > 0 || type == GgmlType.F32, "a lossy format reproduced the input exactly: suspicious");
    }

    [Fact]
    public void Q80ValuesAreWithinHalfAStepOfTheInput()
    {
        float[] x = Gaussian(32 * 100, seed: 2);
        float[] y = RoundTrip(GgmlType.Q8_0, x);
        for (int b = 0; b < 100; b++)
        {
            float amax = 0;
            for (int j = 0; j < 32; j++) amax = Math.Max(amax, Math.Abs(x[b * 32 + j]));
            float step = amax / 127;
            for (int j = 0; j < 32; j++)
                Assert.True(Math.Abs(x[b * 32 + j] - y[b * 32 + j]) <= step * 0.5f + amax * 1e-3f, $"block {b} value {j}");
        }
    }

    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q5_0)]
    [InlineData(GgmlType.Q4_1)]
    [InlineData(GgmlType.Q5_1)]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    public void AllZeroBlocksStayExactlyZero(GgmlType type)
    {
        float[] y = RoundTrip(type, new float[512]);
        Assert.All(y, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    public void KQuantsKeepAnOutlierWithoutCrushingOtherSubBlocks(GgmlType type)
    {
        float[] x = Gaussian(256, seed: 9);
        x[100] = 0.5f;
        float[] y = RoundTrip(type, x);
        Assert.InRange(y[100], 0.47f, 0.53f);
        // Other sub-blocks have their own scales, so their values are not crushed to zero.
        Assert.Contains(y.Take(32), v => v != 0);
    }

    [Fact]
    public void RowSizesFollowTheBlockLayouts()
    {
        Assert.Equal(34, GgmlTypeTraits.RowSize(GgmlType.Q8_0, 32));
        Assert.Equal(18 * 8, GgmlTypeTraits.RowSize(GgmlType.Q4_0, 256));
        Assert.Equal(22, GgmlTypeTraits.RowSize(GgmlType.Q5_0, 32));
        Assert.Equal(20, GgmlTypeTraits.RowSize(GgmlType.Q4_1, 32));
        Assert.Equal(24, GgmlTypeTraits.RowSize(GgmlType.Q5_1, 32));
        Assert.Equal(144, GgmlTypeTraits.RowSize(GgmlType.Q4_K, 256));
        Assert.Equal(210, GgmlTypeTraits.RowSize(GgmlType.Q6_K, 256));
        Assert.Equal(2 * 7, GgmlTypeTraits.RowSize(GgmlType.BF16, 7));
        Assert.Throws<ArgumentException>(() => GgmlTypeTraits.RowSize(GgmlType.Q4_K, 64));
    }

    [Fact]
    public void NearestIntRoundsTiesToEvenAsGgmlDoes()
    {
        Assert.Equal(0, KQuantMath.NearestInt(0.5f));
        Assert.Equal(2, KQuantMath.NearestInt(1.5f));
        Assert.Equal(2, KQuantMath.NearestInt(2.5f));
        Assert.Equal(0, KQuantMath.NearestInt(-0.5f));
        Assert.Equal(-2, KQuantMath.NearestInt(-1.5f));
        Assert.Equal(-7, KQuantMath.NearestInt(-6.7f));
        Assert.Equal(4194303, KQuantMath.NearestInt(4194303f));
    }

    [Fact]
    public void Q40BlockOfHandChosenValuesHasTheExpectedBytes()
    {
        // max-magnitude value -8 -> d = -8 / -8 = 1; q = min(15, trunc(x / d + 8.5)).
        float[] x = new float[32];
        for (int j = 0; j < 32; j++) x[j] = j < 16 ? j - 8 : 7 - (j - 16);
        x[0] = -8;
        byte[] block = new byte[18];
        Q4_0Format.Quantize(x, block);
        Assert.Equal(BitConverter.HalfToUInt16Bits((Half)1f), BitConverter.ToUInt16(block, 0));
        for (int j = 0; j < 16; j++)
        {
            int lo = (int)(x[j] + 8.5f), hi = Math.Min(15, (int)(x[j + 16] + 8.5f));
            Assert.Equal((byte)(lo | (hi << 4)), block[2 + j]);
        }
        float[] back = new float[32];
        Q4_0Format.Dequantize(block, back);
        Assert.Equal(x, back);
    }

    internal static float[] RoundTrip(GgmlType type, float[] x)
    {
        byte[] q = new byte[GgmlTypeTraits.RowSize(type, x.Length)];
        GgmlQuantizer.Quantize(type, x, q);
        float[] y = new float[x.Length];
        GgmlQuantizer.Dequantize(type, q, y);
        return y;
    }

    internal static float[] Gaussian(int n, int seed, float sigma = 0.02f)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
            x[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return x;
    }
}
