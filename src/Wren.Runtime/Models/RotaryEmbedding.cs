using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Kernels;

namespace Wren.Runtime.Models;

/// <summary>
/// The cos/sin tables of rotary position embeddings, [positions, R/2] for the R = <see cref="LlamaConfig.RotaryDim"/>
/// rotated values of each head, computed as transformers does in float32 (inverse frequencies, llama3, linear or
/// longrope scaling, then angle = position * inverse frequency; longrope also scales cos and sin).
/// </summary>
/// <remarks>
/// longrope picks its short or long factors once per table, by whether <c>positions</c> (a session's context, a training
/// sequence) exceeds the original context, as llama.cpp picks them by its context size. transformers picks them by the
/// length so far instead, so past the original context it rotates later keys with other frequencies than the cached ones.
/// </remarks>
public sealed class RotaryEmbedding
{
    private readonly float[] _cos;
    private readonly float[] _sin;

    public RotaryEmbedding(LlamaConfig config, int positions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(positions);
        Half = config.RotaryDim / 2;
        Positions = positions;
        InverseFrequencies = ComputeInverseFrequencies(config, positions);
        float scale = config.RopeScaling.Type == "longrope" ? (float)config.RopeScaling.LongRopeAttentionFactor(config.MaxPositionEmbeddings) : 1f;
        _cos = new float[(long)positions * Half];
        _sin = new float[(long)positions * Half];
        for (int p = 0; p < positions; p++)
        {
            for (int i = 0; i < Half; i++)
            {
                float angle = (float)p * InverseFrequencies[i];
                _cos[p * Half + i] = MathF.Cos(angle) * scale;
                _sin[p * Half + i] = MathF.Sin(angle) * scale;
            }
        }
    }

    /// <summary>R/2 (D/2 unless RoPE is partial).</summary>
    public int Half { get; }

    public int Positions { get; }

    /// <summary>[D/2] inverse frequencies after scaling.</summary>
    public float[] InverseFrequencies { get; }

    public ReadOnlySpan<float> Cos(int position) => _cos.AsSpan(position * Half, Half);

    public ReadOnlySpan<float> Sin(int position) => _sin.AsSpan(position * Half, Half);

    /// <summary>
    /// Rotates the first <paramref name="rotaryDim"/> values of each of <paramref name="heads"/> heads [D] in place
    /// (all of them unless RoPE is partial). cos and sin hold rotaryDim / 2 values.
    /// </summary>
    public static void Rotate(Span<float> x, int heads, int headDim, int rotaryDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        if (rotaryDim == headDim)
        {
            Rope.Apply(x, heads, headDim, cos, sin);
            return;
        }

        for (int h = 0; h < heads; h++) Rope.Apply(x.Slice(h * headDim, rotaryDim), 1, rotaryDim, cos, sin);
    }

    /// <summary>inv_freq[i] = 1 / theta^(2i / R), then the config's scaling (longrope's factors for a table of <paramref name="positions"/>).</summary>
    public static float[] ComputeInverseFrequencies(LlamaConfig config, int positions = 0)
    {
        int dim = config.RotaryDim;
        var inv = new float[dim / 2];
        for (int i = 0; i < inv.Length; i++)
        {
            float exponent = (float)(2 * i) / dim;
            inv[i] = 1f / (float)Math.Pow(config.RopeTheta, exponent);
        }

        var scaling = config.RopeScaling;
        switch (scaling.Type)
        {
            case "linear":
                for (int i = 0; i < inv.Length; i++) inv[i] = (float)(inv[i] / scaling.Factor);
                break;
            case "longrope":
                // transformers' _compute_longrope_parameters: inv_freq = 1 / (ext_factor · theta^(2i/R)).
                var ext = positions > scaling.OriginalMaxPositionEmbeddings ? scaling.LongFactor! : scaling.ShortFactor!;
                for (int i = 0; i < inv.Length; i++) inv[i] = 1f / (ext[i] * (float)Math.Pow(config.RopeTheta, (float)(2 * i) / dim));
                break;
            case "factors":
                var factors = scaling.FrequencyFactors ?? throw new ArgumentException("rope scaling 'factors' without FrequencyFactors", nameof(config));
                if (factors.Length != inv.Length) throw new ArgumentException($"{factors.Length} RoPE frequency factors for {inv.Length} frequencies", nameof(config));
                for (int i = 0; i < inv.Length; i++) inv[i] /= factors[i];
                break;
            case "llama3":
                // transformers' _compute_llama3_parameters: long wavelengths are divided by the factor,
                // short ones kept, the band between interpolated smoothly.
                double lowWavelen = scaling.OriginalMaxPositionEmbeddings / scaling.LowFreqFactor;
                double highWavelen = scaling.OriginalMaxPositionEmbeddings / scaling.HighFreqFactor;
                for (int i = 0; i < inv.Length; i++)
                {
                    double f = inv[i];
                    double wavelen = 2 * Math.PI / f;
                    double result;
                    if (wavelen < highWavelen) result = f;
                    else if (wavelen > lowWavelen) result = f / scaling.Factor;
                    else
                    {
                        double smooth = (scaling.OriginalMaxPositionEmbeddings / wavelen - scaling.LowFreqFactor) / (scaling.HighFreqFactor - scaling.LowFreqFactor);
                        result = (1 - smooth) * f / scaling.Factor + smooth * f;
                    }

                    inv[i] = (float)result;
                }

                break;
        }

        return inv;
    }
}
