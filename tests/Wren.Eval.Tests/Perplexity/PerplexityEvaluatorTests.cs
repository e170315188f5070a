using Wren.Eval.Perplexity;

namespace Wren.Eval.Tests.Perplexity;

public sealed class PerplexityEvaluatorTests
{
    private const string Text = "Fellow-Citizens of the Senate and House of Representatives: I have the honor to lay before you the state of the Union.";

    /// <summary>Sum of log p over the text's tokens, each predicted with the whole text before it (after the prefix token).</summary>
    private static (double Sum, int Tokens) FullContextByHand(string text, int prefix)
    {
        int[] tokens = TinyLlama.Tokenizer.Encode(text, addSpecialTokens: false);
        int[] seq = [prefix, .. tokens];
        float[] logits = TinyLlama.AllLogits(seq);
        int v = TinyLlama.Model.Config.VocabSize;
        double sum = 0;
        for (int i = 0; i < tokens.Length; i++) sum += TinyLlama.LogSoftmaxByHand(logits.AsSpan(i * v, v), tokens[i]);
        return (sum, tokens.Length);
    }

    [Fact]
    public void PerplexityIsExpOfTheMeanNegativeLogLikelihoodComputedByHand()
    {
        using var scorer = TinyLlama.CreateScorer();
        var (sum, n) = FullContextByHand(Text, scorer.PrefixTokenId);

        var result = new PerplexityEvaluator(scorer).Evaluate([Text]);

        Assert.Equal(n, result.Tokens);
        Assert.Equal(sum, result.LogLikelihood, 1e-4);
        Assert.Equal(Math.Exp(-sum / n), result.TokenPerplexity, 1e-4 * result.TokenPerplexity);
        Assert.Equal(Math.Exp(-sum / System.Text.Encoding.UTF8.GetByteCount(Text)), result.BytePerplexity, 1e-6);
        Assert.Equal(Math.Exp(-sum / Text.Split(' ').Length), result.WordPerplexity, 1e-4 * result.WordPerplexity);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(64, 7)]
    [InlineData(256, 1)]
    public void ASlidingWindowThatCoversTheTextEqualsTheFullContextComputation(int maxLength, int stride)
    {
        using var scorer = TinyLlama.CreateScorer();
        var (sum, n) = FullContextByHand(Text, scorer.PrefixTokenId);
        Assert.True(n <= maxLength);

        var result = new PerplexityEvaluator(scorer, new PerplexityOptions { MaxLength = maxLength, Stride = stride }).RollingLoglikelihood(Text);

        Assert.Equal(sum, result.LogLikelihood, 1e-4);
    }

    [Fact]
    public void AWindowShorterThanTheTextScoresEachWindowWithOnlyItsOwnContext()
    {
        using var scorer = TinyLlama.CreateScorer();
        int[] tokens = TinyLlama.Tokenizer.Encode(Text, addSpecialTokens: false);
        int[] seq = [scorer.PrefixTokenId, .. tokens];
        const int maxLength = 8, stride = 3;
        int v = TinyLlama.Model.Config.VocabSize;
        double expected = 0;
        foreach (var w in RollingWindows.Create(tokens.Length, maxLength, stride))
        {
            float[] logits = TinyLlama.AllLogits(seq[w.InputStart..w.InputEnd]);
            for (int k = w.FirstTarget; k < w.FirstTarget + w.TargetCount; k++)
                expected += TinyLlama.LogSoftmaxByHand(logits.AsSpan((k - w.InputStart) * v, v), tokens[k]);
        }

        var evaluator = new PerplexityEvaluator(scorer, new PerplexityOptions { MaxLength = maxLength, Stride = stride });
        var result = evaluator.RollingLoglikelihood(Text);

        Assert.Equal(expected, result.LogLikelihood, 1e-4);
        // The batch path scores the same windows in parallel across documents.
        Assert.Equal(2 * expected, evaluator.Evaluate([Text, Text]).LogLikelihood, 1e-4);
        Assert.NotEqual(FullContextByHand(Text, scorer.PrefixTokenId).Sum, result.LogLikelihood, 1e-3);
    }

    [Fact]
    public void BitsPerByteIsTheNegativeLogLikelihoodInBitsDividedByBytes()
    {
        Assert.Equal(1.0, PerplexityMath.BitsPerByte(-100 * Math.Log(2), 100), 1e-12);
        var result = new PerplexityResult { Documents = 1, Tokens = 10, Words = 4, Bytes = 40, LogLikelihood = -30 };
        Assert.Equal(30 / 40.0 / Math.Log(2), result.BitsPerByte, 1e-12);
        Assert.Equal(Math.Pow(2, result.BitsPerByte), result.BytePerplexity, 1e-12);
        Assert.Equal(Math.Exp(3), result.TokenPerplexity, 1e-12);
    }

    [Fact]
    public void WordsAreCountedAsPiecesOfAWhitespaceSplitLikeTheHarness()
    {
        Assert.Equal(3, PerplexityMath.CountWords("a b\n\tc"));
        // re.split(r"\s+", " a b ") == ['', 'a', 'b', '']
        Assert.Equal(4, PerplexityMath.CountWords(" a b "));
        Assert.Equal(6, PerplexityMath.CountBytes("né€"));
    }

    [Fact]
    public void EmptyDocumentsAreSkippedAndCounted()
    {
        using var scorer = TinyLlama.CreateScorer();
        var result = new PerplexityEvaluator(scorer).Evaluate(["", Text]);
        Assert.Equal(1, result.Documents);
        Assert.Equal(1, result.Skipped);
    }
}
