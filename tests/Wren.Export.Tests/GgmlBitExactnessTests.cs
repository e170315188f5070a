using Wren.Runtime.Quantization;

namespace Wren.Export.Tests;

/// <summary>
/// Wren's block quantizers against ggml's reference C functions (quantize_row_*_ref) from the
/// libggml-base that llama.cpp ships: the blocks must be byte-for-byte identical, and Wren's
/// dequantization must give the same floats as ggml's dequantize_row_*.
/// </summary>
public sealed class GgmlBitExactnessTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string type in new[] { "q8_0", "q4_0", "q5_0", "q4_K", "q6_K" })
            foreach (int distribution in new[] { 0, 1, 2, 3, 4 })
                data.Add(type, distribution);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WrenBlocksAreByteIdenticalToGgmlReferenceQuantizer(string type, int distribution)
    {
        Assert.True(GgmlNative.IsAvailable, "ggml's native library is only shipped here for linux-x64");
        GgmlType ggmlType = Parse(type);
        int n = GgmlTypeTraits.QK_K * 24;
        float[] x = Values(n, distribution, seed: 1000 + distribution);
        int bytes = (int)GgmlTypeTraits.RowSize(ggmlType, n);
        byte[] expected = new byte[bytes], actual = new byte[bytes];
        GgmlNative.QuantizeRef(type, x, expected);
        GgmlQuantizer.Quantize(ggmlType, x, actual);
        int blockBytes = GgmlTypeTraits.TypeSize(ggmlType);
        for (int i = 0; i < bytes; i++)
            Assert.True(expected[i] == actual[i], $"{type}, distribution {distribution}: byte {i % blockBytes} of block {i / blockBytes} is {actual[i]}, ggml wrote {expected[i]}");

        float[] ggmlValues = new float[n], wrenValues = new float[n];
        GgmlNative.Dequantize(type, expected, ggmlValues);
        GgmlQuantizer.Dequantize(ggmlType, expected, wrenValues);
        for (int i = 0; i < n; i++)
            Assert.True(BitConverter.SingleToInt32Bits(ggmlValues[i]) == BitConverter.SingleToInt32Bits(wrenValues[i]),
                $"{type}: value {i} dequantizes to {wrenValues[i]:R}, ggml gives {ggmlValues[i]:R}");
    }

    [Fact]
    public void Q80VectorQuantizerIsByteIdenticalToGgmlOnTiesAndExtremes()
    {
        // Values that land exactly on .5 after scaling test roundf's ties-away-from-zero.
        float[] x = new float[32 * 8];
        for (int b = 0; b < 8; b++)
            for (int j = 0; j < 32; j++)
                x[b * 32 + j] = b switch
                {
                    0 => 127f * (j % 2 == 0 ? 1 : -1) * (j + 0.5f) / 32f,
                    1 => j - 15.5f,
                    2 => 0f,
                    3 => j == 7 ? 1e-30f : 0f,
                    4 => j == 0 ? -3e38f : 1f,
                    5 => (j - 16) * 0.5f,
                    6 => MathF.ScaleB(1f, j - 16),
                    _ => -j,
                };
        byte[] expected = new byte[8 * 34], actual = new byte[8 * 34];
        GgmlNative.QuantizeRef("q8_0", x, expected);
        Q8_0Format.Quantize(x, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void F16AndBF16ConversionsAreIdenticalToGgml()
    {
        float[] x = Values(4096, 4, seed: 7).Concat([0f, -0f, 65504f, 65520f, 1e-8f, 6.1e-5f, float.MaxValue, float.Epsilon, 1.00048828125f, 1.000244140625f]).ToArray();
        byte[] expected = new byte[x.Length * 2], actual = new byte[x.Length * 2];
        GgmlNative.Fp32ToFp16(x, expected);
        F16Format.Quantize(x, actual);
        Assert.Equal(expected, actual);
        GgmlNative.Fp32ToBf16Ref(x, expected);
        BF16Format.Quantize(x, actual);
        Assert.Equal(expected, actual);
    }

    private static GgmlType Parse(string type) => type switch
    {
        "q8_0" => GgmlType.Q8_0,
        "q4_0" => GgmlType.Q4_0,
        "q5_0" => GgmlType.Q5_0,
        "q4_K" => GgmlType.Q4_K,
        "q6_K" => GgmlType.Q6_K,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Weight-like distributions: gaussian, uniform, heavy outliers, sparse, and wide dynamic range.</summary>
    internal static float[] Values(int n, int distribution, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            x[i] = distribution switch
            {
                0 => (float)(0.02 * g),
                1 => (float)(rng.NextDouble() * 2 - 1),
                2 => (float)(i % 97 == 0 ? 8 * g : 0.05 * g),
                3 => i % 5 == 0 ? (float)g : 0f,
                _ => (float)(g * Math.Exp(rng.NextDouble() * 12 - 6)),
            };
        }
        return x;
    }
}
