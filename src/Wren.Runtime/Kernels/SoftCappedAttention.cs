namespace Wren.Runtime.Kernels;

/// <summary>
/// <see cref="Attention"/> with Gemma 2's attention logit soft-capping: the scaled scores go through
/// <see cref="SoftCap"/> before the softmax.
/// </summary>
public static class SoftCappedAttention
{
    /// <summary>
    /// output = softmax(cap · tanh(scale · K q / cap)) V over the S cached positions.
    /// Shapes: q [D], keys [S, D], values [S, D], scores [&gt;= S] (scratch), output [D].
    /// </summary>
    public static void Attend(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int positions, float scale, float cap, Span<float> scores, Span<float> output)
    {
        int d = q.Length;
        if (keys.Length < positions * d || values.Length < positions * d) throw new ArgumentException($"keys and values need [{positions}, {d}]");
        if (scores.Length < positions) throw new ArgumentException("scores is shorter than the positions", nameof(scores));
        if (output.Length < d) throw new ArgumentException("output is shorter than the head size", nameof(output));
        var s = scores[..positions];
        for (int j = 0; j < positions; j++) s[j] = VectorMath.Dot(q, keys.Slice(j * d, d)) * scale;
        SoftCap.Apply(s, cap);
        Softmax.Apply(s);
        var o = output[..d];
        o.Clear();
        for (int j = 0; j < positions; j++) VectorMath.MultiplyAdd(s[j], values.Slice(j * d, d), o);
    }
}
