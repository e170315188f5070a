using Wren.Runtime.Kernels;

namespace Wren.Training.Layers;

/// <summary>
/// Causal scaled dot-product attention with grouped KV heads, forward and backward, for one sequence and one
/// KV head (its G = H / Hkv query heads) at a time: the unit of parallel work, which owns dk and dv of that
/// head, so the backward pass needs no atomics and sums in a fixed order.
/// Shapes (row m = b T + t): q [M, H D], k and v [M, Hkv D], probabilities [B, H, T, T], out [M, H D].
/// </summary>
public static unsafe class AttentionLayer
{
    /// <summary>
    /// Query rows per block of the blocked path: block [t0, t1) only meets keys [0, t1), so the products skip most
    /// of the masked upper triangle.
    /// </summary>
    public const int RowBlock = 64;

    /// <summary>Geometry of one attention call.</summary>
    public readonly record struct Shape(int Batch, int Time, int Heads, int KvHeads, int HeadDim)
    {
        public int Group => Heads / KvHeads;
        public int QWidth => Heads * HeadDim;
        public int KvWidth => KvHeads * HeadDim;

        /// <summary>The factor scores are multiplied by: 1/√D, or Gemma's 1/√query_pre_attn_scalar.</summary>
        public float Scale { get; init; } = 1f / MathF.Sqrt(HeadDim);

        /// <summary>A sliding window: token t sees keys (t - Window, t] only; null = every earlier key.</summary>
        public int? Window { get; init; }
    }

    /// <summary>The reference forward (a dot product per score) for sequence <paramref name="b"/>, KV head <paramref name="kvHead"/>; fills the softmax probabilities and the output rows.</summary>
    public static void ForwardReference(Shape s, int b, int kvHead, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> probabilities, Span<float> output)
    {
        int T = s.Time, D = s.HeadDim;
        float scale = s.Scale;
        for (int h = kvHead * s.Group; h < (kvHead + 1) * s.Group; h++)
        {
            for (int t = 0; t < T; t++)
            {
                var qRow = q.Slice((b * T + t) * s.QWidth + h * D, D);
                var p = probabilities.Slice(((b * s.Heads + h) * T + t) * T, T);
                int first = s.Window is { } w ? Math.Max(0, t - w + 1) : 0;
                float max = float.NegativeInfinity;
                for (int u = first; u <= t; u++)
                {
                    float score = VectorMath.Dot(qRow, k.Slice((b * T + u) * s.KvWidth + kvHead * D, D)) * scale;
                    p[u] = score;
                    max = MathF.Max(max, score);
                }

                float sum = 0;
                for (int u = first; u <= t; u++)
                {
                    float e = MathF.Exp(p[u] - max);
                    p[u] = e;
                    sum += e;
                }

                float inv = 1f / sum;
                var outRow = output.Slice((b * T + t) * s.QWidth + h * D, D);
                outRow.Clear();
                p[..first].Clear();
                for (int u = first; u <= t; u++)
                {
                    p[u] *= inv;
                    VectorMath.MultiplyAdd(p[u], v.Slice((b * T + u) * s.KvWidth + kvHead * D, D), outRow);
                }

                p[(t + 1)..].Clear();
            }
        }
    }

    /// <summary>
    /// The reference backward for sequence <paramref name="b"/>, KV head <paramref name="kvHead"/>: overwrites that item's rows of dq, dk, dv.
    /// <paramref name="scratch"/> needs T floats.
    /// </summary>
    public static void BackwardReference(
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
                    float dp = VectorMath.Dot(dOut, v.Slice(kv, D));
                    scratch[u] = dp;
                    dot += dp * p[u];
                    VectorMath.MultiplyAdd(p[u], dOut, dv.Slice(kv, D));
                }

                dqRow.Clear();
                for (int u = 0; u <= t; u++)
                {
                    int kv = (b * T + u) * s.KvWidth + kvHead * D;
                    float dScore = p[u] * (scratch[u] - dot) * scale;
                    VectorMath.MultiplyAdd(dScore, k.Slice(kv, D), dqRow);
                    VectorMath.MultiplyAdd(dScore, qRow, dk.Slice(kv, D));
                }
            }
        }
    }

    /// <summary>
    /// Forward for sequence <paramref name="b"/>, KV head <paramref name="kvHead"/> with the products on <see cref="Sgemm"/>:
    /// per query head h of the group, S = Q_h K_hᵀ (row blocks against the keys they can see), causal softmax into the
    /// probabilities, then O_h = P V_h. Pointer shapes as the reference.
    /// </summary>
    public static void Forward(Shape s, int b, int kvHead, float* q, float* k, float* v, float* probabilities, float* output, AttentionWorkspace work)
    {
        int T = s.Time, D = s.HeadDim, QW = s.QWidth, KW = s.KvWidth;
        float scale = s.Scale;
        float* kh = k + (nint)b * T * KW + kvHead * D, vh = v + (nint)b * T * KW + kvHead * D;
        for (int h = kvHead * s.Group; h < (kvHead + 1) * s.Group; h++)
        {
            float* qh = q + (nint)b * T * QW + h * D;
            float* p = probabilities + ((nint)b * s.Heads + h) * T * T;
            float* oh = output + (nint)b * T * QW + h * D;
            for (int t0 = 0; t0 < T; t0 += RowBlock)
            {
                int t1 = Math.Min(T, t0 + RowBlock);
                Sgemm.Multiply(StridedMatrix.RowMajor(qh + (nint)t0 * QW, QW), StridedMatrix.Transposed(kh, KW), t1 - t0, D, t1, Output(p + (nint)t0 * T, t1 - t0, t1, T), T, false, work.PackA.Span, work.PackB.Span);
                for (int t = t0; t < t1; t++) SoftmaxRow(new Span<float>(p + (nint)t * T, T), t, scale, s.Window is { } w ? Math.Max(0, t - w + 1) : 0);
                Sgemm.Multiply(StridedMatrix.RowMajor(p + (nint)t0 * T, T), StridedMatrix.RowMajor(vh, KW), t1 - t0, t1, D, Output(oh + (nint)t0 * QW, t1 - t0, D, QW), QW, false, work.PackA.Span, work.PackB.Span);
            }
        }
    }

    /// <summary>
    /// Backward for sequence <paramref name="b"/>, KV head <paramref name="kvHead"/> on <see cref="Sgemm"/>: dP = dO_h V_hᵀ,
    /// dS = P (dP - rowsum(dP P)) scale, dQ_h = dS K_h, dK_h += dSᵀ Q_h, dV_h += Pᵀ dO_h (heads of the group in order).
    /// Overwrites that item's rows of dq, dk, dv.
    /// </summary>
    public static void Backward(Shape s, int b, int kvHead, float* q, float* k, float* v, float* probabilities, float* doutput,
        float* dq, float* dk, float* dv, AttentionWorkspace work)
    {
        int T = s.Time, D = s.HeadDim, QW = s.QWidth, KW = s.KvWidth;
        float scale = s.Scale;
        float* ds = work.Scores.Pointer;
        nint kvOffset = (nint)b * T * KW + kvHead * D;
        float* kh = k + kvOffset, vh = v + kvOffset, dkh = dk + kvOffset, dvh = dv + kvOffset;
        for (int t = 0; t < T; t++)
        {
            new Span<float>(dkh + (nint)t * KW, D).Clear();
            new Span<float>(dvh + (nint)t * KW, D).Clear();
        }

        for (int h = kvHead * s.Group; h < (kvHead + 1) * s.Group; h++)
        {
            nint qOffset = (nint)b * T * QW + h * D;
            float* qh = q + qOffset, doh = doutput + qOffset, dqh = dq + qOffset;
            float* p = probabilities + ((nint)b * s.Heads + h) * T * T;
            for (int t0 = 0; t0 < T; t0 += RowBlock)
            {
                int t1 = Math.Min(T, t0 + RowBlock);
                Sgemm.Multiply(StridedMatrix.RowMajor(doh + (nint)t0 * QW, QW), StridedMatrix.Transposed(vh, KW), t1 - t0, D, t1, Output(ds + (nint)t0 * T, t1 - t0, t1, T), T, false, work.PackA.Span, work.PackB.Span);
                for (int t = t0; t < t1; t++)
                {
                    float* dRow = ds + (nint)t * T;
                    float* pRow = p + (nint)t * T;
                    float dot = 0;
                    for (int u = 0; u <= t; u++) dot += dRow[u] * pRow[u];
                    for (int u = 0; u <= t; u++) dRow[u] = pRow[u] * (dRow[u] - dot) * scale;
                    for (int u = t + 1; u < t1; u++) dRow[u] = 0; // masked scores; read by the dK product of this block
                }

                Sgemm.Multiply(StridedMatrix.RowMajor(ds + (nint)t0 * T, T), StridedMatrix.RowMajor(kh, KW), t1 - t0, t1, D, Output(dqh + (nint)t0 * QW, t1 - t0, D, QW), QW, false, work.PackA.Span, work.PackB.Span);
            }

            // Key/value block [u0, u1) gathers from the queries that see it: rows [u0, T).
            for (int u0 = 0; u0 < T; u0 += RowBlock)
            {
                int u1 = Math.Min(T, u0 + RowBlock);
                Sgemm.Multiply(new StridedMatrix(ds + (nint)u0 * T + u0, 1, T), StridedMatrix.RowMajor(qh + (nint)u0 * QW, QW), u1 - u0, T - u0, D, Output(dkh + (nint)u0 * KW, u1 - u0, D, KW), KW, true, work.PackA.Span, work.PackB.Span);
                Sgemm.Multiply(new StridedMatrix(p + (nint)u0 * T + u0, 1, T), StridedMatrix.RowMajor(doh + (nint)u0 * QW, QW), u1 - u0, T - u0, D, Output(dvh + (nint)u0 * KW, u1 - u0, D, KW), KW, true, work.PackA.Span, work.PackB.Span);
            }
        }
    }

    /// <summary>The rows [M, ld] of a product's output that start at <paramref name="c"/>, as Sgemm takes them.</summary>
    private static Span<float> Output(float* c, int m, int n, int ld) => new(c, (int)Sgemm.OutputLength(m, n, ld));

    /// <summary>
    /// Row t of the scores: scaled, causal-masked softmax in place over keys [first, t] (positions after t, and before
    /// <paramref name="first"/> in a sliding window, become 0, so the backward pass gives them no gradient either).
    /// </summary>
    private static void SoftmaxRow(Span<float> row, int t, float scale, int first)
    {
        row[..first].Clear();
        float max = float.NegativeInfinity;
        for (int u = first; u <= t; u++)
        {
            row[u] *= scale;
            max = MathF.Max(max, row[u]);
        }

        float sum = 0;
        for (int u = first; u <= t; u++)
        {
            float e = MathF.Exp(row[u] - max);
            row[u] = e;
            sum += e;
        }

        float inv = 1f / sum;
        for (int u = first; u <= t; u++) row[u] *= inv;
        row[(t + 1)..].Clear();
    }
}
