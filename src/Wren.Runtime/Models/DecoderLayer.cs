using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Kernels;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// The inference forward of a decoder, written once for every path: the embedding lookup, one layer
/// (norm, q/k/v, RoPE, cached attention, output, residual, norm, gated feed-forward, residual) and the final
/// norm, over R rows whose per-row differences (positions, caches, how linear layers run) the caller's
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

    /// <summary>logits [R, V] = cap · tanh(logits / cap) when the config caps them (Gemma 2's final_logit_softcapping).</summary>
    public static void CapLogits(LlamaConfig config, float* logits, int rows)
    {
        if (config.FinalLogitSoftcapping is { } cap) SoftCap.Apply(new Span<float>(logits, rows * config.VocabSize), (float)cap);
    }

    /// <summary>Runs layer <paramref name="layer"/> over R rows, updating the residual stream b.X [R, C] in place.</summary>
    public static void Forward(LlamaConfig config, LlamaLayerWeights lw, int layer, int rows, in DecoderBuffers b, IDecoderRows runner)
    {
        int c = config.HiddenSize, d = config.HeadDim, h = config.NumAttentionHeads, hkv = config.NumKeyValueHeads, ff = config.IntermediateSize;
        int qWidth = h * d, kvWidth = hkv * d;
        float eps = (float)config.RmsNormEps;

        for (int i = 0; i < rows; i++) RmsNorm.Apply(Row(b.X, i, c), lw.InputNorm, eps, Row(b.Xn, i, c));
        runner.BeginLinear(b.Xn, c);
        runner.AddLinear(lw.Query.Weight, b.Q);
        runner.AddLinear(lw.Key.Weight, b.K);
        runner.AddLinear(lw.Value.Weight, b.V);
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

        Linear(runner, b.Att, qWidth, lw.Output.Weight, b.Xn);
        AddBias(lw.Output.Bias, b.Xn, rows, c);
        if (lw.AttentionOutputNorm is { } attentionOutputNorm) NormRows(b.Xn, rows, c, attentionOutputNorm, eps);
        VectorMath.Add(new ReadOnlySpan<float>(b.Xn, rows * c), new Span<float>(b.X, rows * c));

        for (int i = 0; i < rows; i++) RmsNorm.Apply(Row(b.X, i, c), lw.PostAttentionNorm, eps, Row(b.Xn, i, c));
        runner.BeginLinear(b.Xn, c);
        runner.AddLinear(lw.Gate.Weight, b.Gate);
        runner.AddLinear(lw.Up.Weight, b.Up);
        runner.RunLinear();
        AddBias(lw.Gate.Bias, b.Gate, rows, ff);
        AddBias(lw.Up.Bias, b.Up, rows, ff);
        if (DescriptionOf(config).Activation == ActivationKind.GeluTanh)
            GeGlu.Apply(new ReadOnlySpan<float>(b.Gate, rows * ff), new ReadOnlySpan<float>(b.Up, rows * ff), new Span<float>(b.Gate, rows * ff));
        else
            SwiGlu.Apply(new ReadOnlySpan<float>(b.Gate, rows * ff), new ReadOnlySpan<float>(b.Up, rows * ff), new Span<float>(b.Gate, rows * ff));

        Linear(runner, b.Gate, ff, lw.Down.Weight, b.Xn);
        AddBias(lw.Down.Bias, b.Xn, rows, c);
        if (lw.FeedForwardOutputNorm is { } feedForwardOutputNorm) NormRows(b.Xn, rows, c, feedForwardOutputNorm, eps);
        VectorMath.Add(new ReadOnlySpan<float>(b.Xn, rows * c), new Span<float>(b.X, rows * c));
    }

    /// <summary>xn [R, C] = the final norm of x [R, C].</summary>
    public static void FinalNorm(LlamaConfig config, LlamaWeights weights, float* x, float* xn, int rows)
    {
        int c = config.HiddenSize;
        for (int i = 0; i < rows; i++) RmsNorm.Apply(Row(x, i, c), weights.FinalNorm, (float)config.RmsNormEps, Row(xn, i, c));
    }

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

    /// <summary>RMSNorm of each of R rows [C] in place (Gemma's post-attention and post-feed-forward norms).</summary>
    private static void NormRows(float* x, int rows, int c, float[] weight, float eps)
    {
        for (int i = 0; i < rows; i++) RmsNorm.Apply(Row(x, i, c), weight, eps, Row(x, i, c));
    }

    private static Span<float> Row(float* matrix, int row, int width) => new(matrix + (long)row * width, width);

    private static void AddBias(float[]? bias, float* y, int rows, int n)
    {
        if (bias is null) return;
        for (int i = 0; i < rows; i++) VectorMath.Add(bias, Row(y, i, n));
    }
}
