namespace Wren.Runtime.Kernels;

/// <summary>
/// Scaled dot-product attention of one query head over the cached keys and values of its KV head
/// (grouped-query attention maps query head h to KV head h / (H / Hkv); the caller picks the slices).
/// </summary>
public static class Attention
{
    /// <summary>
    /// output = softmax(scale * K q) V over the S cached positions.
    /// Shapes: q [D], keys [S, D], values [S, D], scores [&gt;= S] (scratch), output [D].
    /// </summary>
    public static void Attend(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int positions, float scale, Span<float> scores, Span<float> output) =>
        Attend(q, keys, values, positions, scale, scores, output, KernelPaths.Widest);

    internal static void Attend(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int positions, float scale, Span<float> scores, Span<float> output, KernelPath path)
    {
        int d = q.Length;
        if (keys.Length < positions * d || values.Length < positions * d) throw new ArgumentException($"keys and values need [{positions}, {d}]");
        if (scores.Length < positions) throw new ArgumentException("scores is shorter than the positions", nameof(scores));
        if (output.Length < d) throw new ArgumentException("output is shorter than the head size", nameof(output));
        var s = scores[..positions];
        for (int j = 0; j < positions; j++) s[j] = VectorMath.Dot(q, keys.Slice(j * d, d), path) * scale;
        Softmax.Apply(s, path);
        var o = output[..d];
        o.Clear();
        for (int j = 0; j < positions; j++) VectorMath.MultiplyAdd(s[j], values.Slice(j * d, d), o, path);
    }
}
