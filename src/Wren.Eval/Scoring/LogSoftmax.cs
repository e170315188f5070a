using System.Numerics.Tensors;

namespace Wren.Eval.Scoring;

/// <summary>
/// Log-probabilities from one row of logits [V], computed in double the way
/// <c>torch.log_softmax(logits.float(), -1)[token]</c> is: <c>logits[token] - max - log(sum(exp(logits - max)))</c>.
/// </summary>
public static class LogSoftmax
{
    /// <summary>log p(token) under softmax(logits). Shape: logits [V].</summary>
    public static double LogProbability(ReadOnlySpan<float> logits, int token)
    {
        if ((uint)token >= (uint)logits.Length) throw new ArgumentOutOfRangeException(nameof(token), $"token {token} is outside the vocabulary [0, {logits.Length})");
        float max = TensorPrimitives.Max(logits);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += Math.Exp(logits[i] - max);
        return logits[token] - max - Math.Log(sum);
    }

    /// <summary>The id with the largest logit (the first one on ties, as <c>torch.argmax</c>).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits) => TensorPrimitives.IndexOfMax(logits);
}
