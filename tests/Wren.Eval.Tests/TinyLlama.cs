using Wren.Eval.Scoring;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Eval.Tests;

/// <summary>The transformers-made tiny Llama fixture, loaded once for all tests.</summary>
internal static class TinyLlama
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");

    private static readonly Lazy<(LlamaModel Model, BpeTokenizer Tokenizer)> Loaded = new(() =>
        (LlamaModel.Load(Folder), BpeTokenizer.Load(Path.Combine(Folder, "tokenizer.json"))));

    public static LlamaModel Model => Loaded.Value.Model;

    public static BpeTokenizer Tokenizer => Loaded.Value.Tokenizer;

    public static ModelScorer CreateScorer(int workers = 2, int? maxLength = null) =>
        new(Model, Tokenizer, new ScorerOptions { Workers = workers, ThreadsPerWorker = 1, MaxLength = maxLength });

    /// <summary>Log-softmax of one row, written out in the plainest way as the oracle.</summary>
    public static double LogSoftmaxByHand(ReadOnlySpan<float> row, int token)
    {
        double max = double.NegativeInfinity;
        foreach (float x in row) max = Math.Max(max, x);
        double sum = 0;
        foreach (float x in row) sum += Math.Exp(x - max);
        return row[token] - max - Math.Log(sum);
    }

    /// <summary>Logits [T, V] of tokens run from an empty context.</summary>
    public static float[] AllLogits(int[] tokens)
    {
        using var session = Model.CreateSession(new InferenceSessionOptions { Threads = 1 });
        var logits = new float[tokens.Length * Model.Config.VocabSize];
        session.Prefill(tokens, logits);
        return logits;
    }
}
