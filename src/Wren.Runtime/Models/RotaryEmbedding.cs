using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Models;

/// <summary>
/// The cos/sin tables of rotary position embeddings, [positions, D/2], computed as transformers does in
/// float32 (inverse frequencies, llama3 or linear scaling, then angle = position * inverse frequency).
/// </summary>
public sealed class RotaryEmbedding
{
    private readonly float[] _cos;
    private readonly float[] _sin;

    public RotaryEmbedding(LlamaConfig config, int positions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(positions);
        Half = config.HeadDim / 2;
        Positions = positions;
        InverseFrequencies = ComputeInverseFrequencies(config);
        _cos = new float[(long)positions * Half];
        _sin = new float[(long)positions * Half];
        for (int p = 0; p < positions; p++)
        {
            for (int i = 0; i < Half; i++)
            {
                float angle = (float)p * InverseFrequencies[i];
                _cos[p * Half + i] = MathF.Cos(angle);
                _sin[p * Half + i] = MathF.Sin(angle);
            }
        }
    }

    /// <summary>D/2.</summary>
    public int Half { get; }

    public int Positions { get; }

    /// <summary>[D/2] inverse frequencies after scaling.</summary>
    public float[] InverseFrequencies { get; }

    public ReadOnlySpan<float> Cos(int position) => _cos.AsSpan(position * Half, Half);

    public ReadOnlySpan<float> Sin(int position) => _sin.AsSpan(position * Half, Half);

    /// <summary>inv_freq[i] = 1 / theta^(2i / D), then the config's scaling.</summary>
    public static float[] ComputeInverseFrequencies(LlamaConfig config)
    {
        int dim = config.HeadDim;
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
