using System.Numerics.Tensors;

namespace Wren.Training.Layers;

/// <summary>
/// Softmax cross-entropy fused with its gradient, in place: the logits row becomes
/// dlogits = (softmax(logits) - onehot(target)) * scale, so [B, T, V] logits are held once.
/// A target below zero (transformers' ignore index -100) contributes no loss and a zero gradient.
/// The row is consumed either way (without the gradient it is left holding exp(logit - max)).
/// </summary>
public static class CrossEntropyLayer
{
    /// <summary>Returns the row's loss (-log p[target]), or 0 for an ignored row. Shapes: logits [V].</summary>
    public static float ForwardBackward(Span<float> logits, int target, float scale, bool computeGradient)
    {
        if (target < 0)
        {
            if (computeGradient) logits.Clear();
            return 0;
        }

        if (target >= logits.Length) throw new ArgumentOutOfRangeException(nameof(target), $"target {target} is outside the vocabulary [0, {logits.Length})");
        float max = TensorPrimitives.Max(logits);
        float shiftedTarget = logits[target] - max;
        TensorPrimitives.Subtract(logits, max, logits);
        TensorPrimitives.Exp(logits, logits);
        double sum = TensorPrimitives.Sum(logits);
        float loss = (float)Math.Log(sum) - shiftedTarget;
        if (computeGradient)
        {
            TensorPrimitives.Multiply(logits, (float)(scale / sum), logits);
            logits[target] -= scale;
        }

        return loss;
    }
}
