
namespace Wren.Training.Layers;

/// <summary>
/// Causal scaled dot-product attention with grouped KV heads, forward and backward, for one sequence and one
/// KV head (its G = H / Hkv query heads) at a time: the unit of parallel work, which owns dk and dv of that
/// head, so the backward pass needs no atomics and sums in a fixed order.
/// Shapes (row m = b T + t): q [M, H D], k and v [M, Hkv D], probabilities [B, H, T, T], out [M, H D].
/// </summary>
public static class AttentionLayer
{
    /// <summary>Geometry of one attention call.</summary>
    public readonly record struct Shape(int Batch, int Time, int Heads, int KvHeads, int HeadDim)
    {
        public int Group => Heads / KvHeads;
        public int QWidth => Heads * HeadDim;
        public int KvWidth => KvHeads * HeadDim;
        public float Scale => 1f / MathF.Sqrt(HeadDim);
    }

    /// <summary>Forward for sequence <paramref name="b"/>, KV head <paramref name="kvHead"/>; fills the softmax probabilities and the output rows.</summary>
    public static void Forward(Shape s, int b, int kvHead, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> probabilities, Span<float> output)
    {
        int T = s.Time, D = s.HeadDim;
        float scale = s.Scale;
        for (int h = kvHead * s.Group; h < (kvHead + 1) * s.Group; h++)
        {
            for (int t = 0; t < T; t++)
            {
                var qRow = q.Slice((b * T + t) * s.QWidth + h * D, D);
                var p = probabilities.Slice(((b * s.Heads + h) * T + t) * T, T);
                float max = float.NegativeInfinity;
                for (int u = 0; u <= t; u++)
                {
                    float score = TrainingVectorMath.Dot(qRow, k.Slice((b * T + u) * s.KvWidth + kvHead * D, D)) * scale;
                    p[u] = score;
                    max = MathF.Max(max, score);
                }

                float sum = 0;
                for (int u = 0; u <= t; u++)
                {
                    float e = MathF.Exp(p[u] - max);
                    p[u] = e;
                    sum += e;
                }

                float inv = 1f / sum;
                var outRow = output.Slice((b * T + t) * s.QWidth + h * D, D);
                outRow.Clear();
                for (int u = 0; u <= t; u++)
                {
                    p[u] *= inv;
                    TrainingVectorMath.MultiplyAdd(p[u], v.Slice((b * T + u) * s.KvWidth + kvHead * D, D), outRow);
                }

                p[(t + 1)..].Clear();
            }
        }
    }

    /// <summary>
    /// Backward for sequence <paramref name="b"/>, KV head <paramref name="kvHead"/>: overwrites that item's rows of dq, dk, dv.
    /// <paramref name="scratch"/> needs T floats.
    /// </summary>
    public static void Backward(
        Shape s, int b, int kvHead, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> probabilities,
        ReadOnlySpan<float> doutput, Span<float> dq, Span<float> dk, Span<float> dv, Span<float> scratch)
    {
        int T = s.Time, D = s.HeadDim;
        float scale = s.Scale;
        for (int t = 0; t < T; t++)
        {
            dk.Slice((b * T + t) * s.KvWidth + kvHead * D, D).Clear();
            dv.Slice((b * T + t) * s.KvWidth + kvHead * D, D).Clear();
        }

        for (int h = kvHead * s.Group; h < (kvHead + 1) * s.Group; h++)
        {
            for (int t = 0; t < T; t++)
            {
                var p = probabilities.Slice(((b * s.Heads + h) * T + t) * T, T);
                var dOut = doutput.Slice((b * T + t) * s.QWidth + h * D, D);
                var qRow = q.Slice((b * T + t) * s.QWidth + h * D, D);
                var dqRow = dq.Slice((b * T + t) * s.QWidth + h * D, D);
                float dot = 0;
                for (int u = 0; u <= t; u++)
                {
                    int kv = (b * T + u) * s.KvWidth + kvHead * D;
                    float dp = TrainingVectorMath.Dot(dOut, v.Slice(kv, D));
                    scratch[u] = dp;
                    dot += dp * p[u];
                    TrainingVectorMath.MultiplyAdd(p[u], dOut, dv.Slice(kv, D));
                }

                dqRow.Clear();
                for (int u = 0; u <= t; u++)
                {
                    int kv = (b * T + u) * s.KvWidth + kvHead * D;
                    float dScore = p[u] * (scratch[u] - dot) * scale;
                    TrainingVectorMath.MultiplyAdd(dScore, k.Slice(kv, D), dqRow);
                    TrainingVectorMath.MultiplyAdd(dScore, qRow, dk.Slice(kv, D));
                }
            }
        }
    }
}
