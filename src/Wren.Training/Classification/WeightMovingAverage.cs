using System.Numerics.Tensors;

namespace Wren.Training.Classification;

/// <summary>
/// An exponential moving average of the trainable weights (Polyak averaging), updated after every optimizer step.
/// A small model fine-tuned at a high learning rate on a few thousand examples moves by points of validation accuracy
/// from one check to the next; the average of its recent steps sits in the middle of that noise and generalises better
/// than any single step. The decay ramps up as (1 + t) / (10 + t) so the early average is not dominated by the
/// random initialisation.
/// </summary>
internal sealed class WeightMovingAverage
{
    private readonly float[] _average;
    private readonly double _decay;
    private long _updates;

    public WeightMovingAverage(ReadOnlySpan<float> weights, double decay)
    {
        if (!(decay > 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the moving average's decay must lie in (0, 1)");
        _average = weights.ToArray();
        _decay = decay;
    }

    /// <summary>Moves the average towards the weights after a step.</summary>
    public void Update(ReadOnlySpan<float> weights)
    {
        _updates++;
        double decay = Math.Min(_decay, (1.0 + _updates) / (10.0 + _updates));
        TensorPrimitives.Lerp(_average, weights, (float)(1 - decay), _average);
    }

    /// <summary>
    /// Exchanges the live weights with the average: call once to validate (or keep) the average in the model, and again
    /// to give training its own weights back.
    /// </summary>
    public void Exchange(Span<float> weights)
    {
        if (weights.Length != _average.Length) throw new ArgumentException($"{weights.Length} weights for an average of {_average.Length}", nameof(weights));
        var average = _average.AsSpan();
        for (int i = 0; i < weights.Length; i++) (weights[i], average[i]) = (average[i], weights[i]);
    }
}
