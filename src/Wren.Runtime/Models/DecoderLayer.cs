using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Kernels;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// The inference forward of a decoder, written once for every path: the embedding lookup, one layer
/// (norm, q/k/v, RoPE, cached attention, output, residual, norm, feed-forward, residual; or Phi-2's parallel
/// attention and feed-forward from one norm) and the final norm, over R rows whose per-row differences (positions, caches, how linear layers run) the caller's
/// <see cref="IDecoderRows"/> supplies. Every row goes through the same kernels in the same order whether it
/// runs alone or in a batch, so batching never changes a sequence's logits.
/// </summary>
internal static unsafe class DecoderLayer
{
    // By architecture, so the per-token path looks a description up without enumerating (and allocating).
    private static readonly ArchitectureDescription[] Descriptions = BuildDescriptions();

    private static ArchitectureDescription[] BuildDescriptions()
    {
        var all = ModelArchitectures.All;
        var byValue = new ArchitectureDescription[all.Max(a => (int)a.Architecture) + 1];
        foreach (var a in all) byValue[(int)a.Architecture] = a;
        return byValue;
    }

    private static ArchitectureDescription DescriptionOf(LlamaConfig config) => Descriptions[(int)config.Architecture];

    /// <summary>x [R, C] = the embeddings of <paramref name="tokens"/> [R] (times √C for Gemma).</summary>
    public static void Embed(LlamaConfig config, LlamaWeights weights, ReadOnlySpan<int> tokens, float* x)
    {
        int hidden = config.HiddenSize;
        for (int i = 0; i < tokens.Length; i++) weights.Embedding.ReadRow(tokens[i], Row(x, i, hidden));
        // Gemma's normalizer, √C in float32 as llama.cpp (and transformers for a float32 model) computes it.
        if (DescriptionOf(config).ScalesEmbedding)
            System.Numerics.Tensors.TensorPrimitives.Multiply(new Span<float>(x, tokens.Length * hidden), MathF.Sqrt(hidden), new Span<float>(x, tokens.Length * hidden));
    }

    /// <summary>
    /// The head's last steps on logits [R, V]: its bias added (Phi-2's lm_head.bias), then cap · tanh(logits / cap) when
    /// the config caps them (Gemma 2's final_logit_softcapping).
    /// </summary>
    public static void FinishLogits(LlamaConfig config, LlamaWeights weights, float* logits, int rows)
    {
        AddBias(weights.LmHeadBias, logits, rows, config.VocabSize);
        if (config.FinalLogitSoftcapping is { } cap) SoftCap.Apply(new Span<float>(logits, rows * config.VocabSize), (float)cap);
    }

    /// <summary>Runs layer <paramref name="layer"/> over R rows, updating the residual stream b.X [R, C] in place.</summary>
    public static void Forward(LlamaConfig config, LlamaLayerWeights lw, int layer, int rows, in DecoderBuffers b, IDecoderRows runner)
    {
        int c = config.HiddenSize, d = config.HeadDim, h = config.NumAttentionHeads, hkv = config.NumKeyValueHeads, ff = config.IntermediateSize;
        int qWidth = h * d, kvWidth = hkv * d;
        float eps = (float)config.RmsNormEps;
        // Phi-2: attention and the feed-forward both read this norm; their outputs join the residual together.
        bool parallel = lw.PostAttentionNorm is null;

        NormRows(b.X, b.Xn, rows, c, lw.InputNorm, lw.InputNormBias, eps);
        runner.BeginLinear(b.Xn, c);
        runner.AddLinear(lw.Query.Weight, b.Q);
        runner.AddLinear(lw.Key.Weight, b.K);
        runner.AddLinear(lw.Value.Weight, b.V);
        if (parallel) runner.AddLinear(lw.Up.Weight, b.Up); // fc1 reads the same normed rows: one pass over them
        runner.RunLinear();
        AddBias(lw.Query.Bias, b.Q, rows, qWidth);
        AddBias(lw.Key.Bias, b.K, rows, kvWidth);
        AddBias(lw.Value.Bias, b.V, rows, kvWidth);
        if (lw.QueryNorm is { } qNorm) NormHeads(b.Q, rows * h, d, qNorm, eps);
        if (lw.KeyNorm is { } kNorm) NormHeads(b.K, rows * hkv, d, kNorm, eps);

        bool local = config.UsesLocalRope(layer);
        for (int i = 0; i < rows && config.UsesRope(layer); i++)
        {
            var cos = runner.RopeCos(i, local);
            var sin = runner.RopeSin(i, local);
            RotaryEmbedding.Rotate(Row(b.Q, i, qWidth), h, d, config.RotaryDim, cos, sin);
            RotaryEmbedding.Rotate(Row(b.K, i, kvWidth), hkv, d, config.RotaryDim, cos, sin);
        }

        runner.Attend(layer, b.Q, b.K, b.V, b.Att);

        if (parallel)
        {
            // x += fc2(gelu(fc1(ln(x)))) first, while b.Xn is free again, then x += dense(attention).
            FeedForwardFromUp(runner, lw, rows, c, ff, b);
            Linear(runner, b.Att, qWidth, lw.Output.Weight, b.Xn);
            AddBias(lw.Output.Bias, b.Xn, rows, c);
            VectorMath.Add(new ReadOnlySpan<float>(b.Xn, rows * c), new Span<float>(b.X, rows * c));
            return;
        }

        Linear(runner, b.Att, qWidth, lw.Output.Weight, b.Xn);
        AddBias(lw.Output.Bias, b.Xn, rows, c);
        if (lw.AttentionOutputNorm is { } attentionOutputNorm) NormRows(b.Xn, b.Xn, rows, c, attentionOutputNorm, null, eps);
        VectorMath.Add(new ReadOnlySpan<float>(b.Xn, rows * c), new Span<float>(b.X, rows * c));

        NormRows(b.X, b.Xn, rows, c, lw.PostAttentionNorm!, null, eps);
        runner.BeginLinear(b.Xn, c);
        if (lw.Gate is { } gate) runner.AddLinear(gate.Weight, b.Gate);
        runner.AddLinear(lw.Up.Weight, b.Up);
        runner.RunLinear();
        if (lw.Gate is null)
        {
            FeedForwardFromUp(runner, lw, rows, c, ff, b);
            return;
        }

        AddBias(lw.Gate.Bias, b.Gate, rows, ff);
        AddBias(lw.Up.Bias, b.Up, rows, ff);
        if (DescriptionOf(config).Activation == ActivationKind.GeluTanh)
            GeGlu.Apply(new ReadOnlySpan<float>(b.Gate, rows * ff), new ReadOnlySpan<float>(b.Up, rows * ff), new Span<float>(b.Gate, rows * ff));
        else
            SwiGlu.Apply(new ReadOnlySpan<float>(b.Gate, rows * ff), new ReadOnlySpan<float>(b.Up, rows * ff), new Span<float>(b.Gate, rows * ff));

        Linear(runner, b.Gate, ff, lw.Down.Weight, b.Xn);
        AddBias(lw.Down.Bias, b.Xn, rows, c);
        if (lw.FeedForwardOutputNorm is { } feedForwardOutputNorm) NormRows(b.Xn, b.Xn, rows, c, feedForwardOutputNorm, null, eps);
        VectorMath.Add(new ReadOnlySpan<float>(b.Xn, rows * c), new Span<float>(b.X, rows * c));
    }

    /// <summary>
    /// The rest of a feed-forward without a gate once up(x) is in b.Up [R, F]: x [R, C] += down(gelu(up + bias)) + bias
    /// (Phi-2's fc2(gelu_new(fc1(x)))), through b.Xn.
    /// </summary>
    private static void FeedForwardFromUp(IDecoderRows runner, LlamaLayerWeights lw, int rows, int c, int ff, in DecoderBuffers b)
    {
        AddBias(lw.Up.Bias, b.Up, rows, ff);
        Gelu.Apply(new ReadOnlySpan<float>(b.Up, rows * ff), new Span<float>(b.Up, rows * ff));
        Linear(runner, b.Up, ff, lw.Down.Weight, b.Xn);
        AddBias(lw.Down.Bias, b.Xn, rows, c);
        VectorMath.Add(new ReadOnlySpan<float>(b.Xn, rows * c), new Span<float>(b.X, rows * c));
    }

    /// <summary>xn [R, C] = the final norm of x [R, C].</summary>
    public static void FinalNorm(LlamaConfig config, LlamaWeights weights, float* x, float* xn, int rows) =>
        NormRows(x, xn, rows, config.HiddenSize, weights.FinalNorm, weights.FinalNormBias, (float)config.RmsNormEps);

    /// <summary>y [R, N] = x [R, K] Wᵀ as a group of one.</summary>
    public static void Linear(IDecoderRows runner, float* x, int k, WeightMatrix w, float* y)
    {
        runner.BeginLinear(x, k);
        runner.AddLinear(w, y);
        runner.RunLinear();
    }

    /// <summary>RMSNorm over each of <paramref name="heads"/> head vectors [D] in place (Qwen3's q_norm/k_norm).</summary>
    private static void NormHeads(float* x, int heads, int d, float[] weight, float eps)
    {
        for (int i = 0; i < heads; i++) RmsNorm.Apply(Row(x, i, d), weight, eps, Row(x, i, d));
    }

    /// <summary>
    /// y [R, C] = the norm of each row of x [R, C] (y may be x): a LayerNorm where the norm has a bias (Phi-2), else an
    /// RMSNorm (the norms before each block, Gemma's after them, the final one).
    /// </summary>
    private static void NormRows(float* x, float* y, int rows, int c, float[] weight, float[]? bias, float eps)
    {
        for (int i = 0; i < rows; i++)
        {
            if (bias is null) RmsNorm.Apply(Row(x, i, c), weight, eps, Row(y, i, c));
            else LayerNorm.Apply(Row(x, i, c), weight, bias, eps, Row(y, i, c));
        }
    }

    private static Span<float> Row(float* matrix, int row, int width) => new(matrix + (long)row * width, width);

    private static void AddBias(float[]? bias, float* y, int rows, int n)
    {
        if (bias is null) return;
        for (int i = 0; i < rows; i++) VectorMath.Add(bias, Row(y, i, n));
    }
}
