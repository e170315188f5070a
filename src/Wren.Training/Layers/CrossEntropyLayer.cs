namespace Wren.Training.Layers;

/// <summary>
/// Softmax cross-entropy fused with its gradient, in place: the logits row becomes
/// dlogits = (softmax(logits) - onehot(target)) * scale, so [B, T, V] logits are held once.
/// A target below zero (transformers' ignore index -100) contributes no loss and a zero gradient.
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
        float max = float.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++) max = MathF.Max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += MathF.Exp(logits[i] - max);
        float logSum = (float)Math.Log(sum);
        float loss = logSum - (logits[target] - max);
        if (computeGradient)
        {
            float inv = (float)(1.0 / sum);
            for (int i = 0; i < logits.Length; i++) logits[i] = MathF.Exp(logits[i] - max) * inv * scale;
            logits[target] -= scale;
        }

        return loss;
    }
}
