using Wren.Training.Model;

namespace Wren.Training.Optimization;

/// <summary>
/// AdamW with decoupled weight decay, computed exactly as torch.optim.AdamW (non-fused, non-foreach) does:
/// p *= 1 - lr wd; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²;
/// p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// Moments live in two allocations laid out like the parameters. Weight decay applies to tensors whose
/// <see cref="ParameterTensor.Decay"/> is set (matrices and embeddings) unless <see cref="AdamWOptions.DecayAllParameters"/>.
/// </summary>
public sealed class AdamW
{
    private readonly ParameterSet _parameters;

    public AdamW(ParameterSet parameters, AdamWOptions options)
    {
        _parameters = parameters;
        Options = options;
        FirstMoment = new float[parameters.Count];
        SecondMoment = new float[parameters.Count];
    }

    public AdamWOptions Options { get; }

    /// <summary>Steps taken so far (the t of the bias corrections).</summary>
    public long Step { get; set; }

    public float[] FirstMoment { get; }

    public float[] SecondMoment { get; }

    /// <summary>Applies one update with learning rate <paramref name="learningRate"/> using the gradients in the parameter set.</summary>
    public void Update(double learningRate)
    {
        Step++;
        double b1 = Options.Beta1, b2 = Options.Beta2;
        double bias1 = 1 - Math.Pow(b1, Step), bias2Sqrt = Math.Sqrt(1 - Math.Pow(b2, Step));
        float stepSize = (float)(learningRate / bias1);
        float invBias2Sqrt = (float)(1.0 / bias2Sqrt);
        float oneMinusB1 = (float)(1 - b1), fb2 = (float)b2, oneMinusB2 = (float)(1 - b2), eps = (float)Options.Epsilon;
        var p = _parameters.Values.Span;
        var g = _parameters.Gradients.Span;
        foreach (var t in _parameters.Tensors)
        {
            bool decay = Options.WeightDecay != 0 && (t.Decay || Options.DecayAllParameters);
            float keep = decay ? (float)(1 - learningRate * Options.WeightDecay) : 1f;
            int end = t.Offset + t.Length;
            for (int i = t.Offset; i < end; i++)
            {
                float gi = g[i];
                float pi = p[i] * keep;
                float m = FirstMoment[i] + oneMinusB1 * (gi - FirstMoment[i]);
                float v = fb2 * SecondMoment[i] + oneMinusB2 * gi * gi;
                FirstMoment[i] = m;
                SecondMoment[i] = v;
                p[i] = pi - stepSize * m / (MathF.Sqrt(v) * invBias2Sqrt + eps);
            }
        }
    }
}
