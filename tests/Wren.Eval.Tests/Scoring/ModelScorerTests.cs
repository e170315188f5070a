using Wren.Eval.Scoring;
using Wren.Runtime.Formats.Safetensors;

namespace Wren.Eval.Tests.Scoring;

public sealed class ModelScorerTests
{
    private const string Context = "Fellow-Citizens of the Senate";
    private const string Continuation = " and House of Representatives:";

    [Fact]
    public void LoglikelihoodOfAContinuationMatchesLogSoftmaxOfTheTransformersLogits()
    {
        using var file = SafetensorsFile.Open(Path.Combine(TinyLlama.Folder, "ref_logits.safetensors"));
        long[] ids = file.ReadAsInt64("input_ids");
        float[] logits = file.ReadAsSingle("logits");
        int v = TinyLlama.Model.Config.VocabSize;
        int[] contextIds = TinyLlama.Tokenizer.Encode(Context, addSpecialTokens: false);
        // The fixture's ids are the tokens of Context + Continuation; the context's tokens are their prefix.
        Assert.Equal(ids.Take(contextIds.Length).Select(i => (int)i), contextIds);

        double expected = 0;
        for (int i = contextIds.Length; i < ids.Length; i++)
            expected += TinyLlama.LogSoftmaxByHand(logits.AsSpan((i - 1) * v, v), (int)ids[i]);

        using var scorer = TinyLlama.CreateScorer();
        var result = scorer.Loglikelihood(Context, Continuation);

        Assert.Equal(ids.Length - contextIds.Length, result.TokenCount);
        Assert.Equal(expected, result.LogLikelihood, 1e-4);
    }

    [Fact]
    public void ChoicesScoredFromARewoundSharedContextEqualEachScoredAlone()
    {
        string[] choices = [" and House of Representatives:", " of the United States", " House"];
        using var scorer = TinyLlama.CreateScorer(workers: 1);
        var shared = scorer.Loglikelihoods(Context, choices);
        for (int i = 0; i < choices.Length; i++)
        {
            var alone = scorer.Loglikelihood(Context, choices[i]);
            Assert.Equal(alone.LogLikelihood, shared[i].LogLikelihood, 1e-9);
            Assert.Equal(alone.IsGreedy, shared[i].IsGreedy);
        }
    }

    [Fact]
    public void AContinuationSpanningSeveralLogitChunksMatchesAHandComputation()
    {
        // Over 64 continuation tokens, so the scorer's chunked all-logits prefill runs more than once.
        string text = string.Concat(Enumerable.Repeat(" and the House of Representatives of the United States", 8));
        int[] context = TinyLlama.Tokenizer.Encode("The Senate", addSpecialTokens: false);
        int[] cont = TinyLlama.Tokenizer.Encode(text, addSpecialTokens: false);
        Assert.True(cont.Length > 64);
        int[] all = [.. context, .. cont];
        float[] logits = TinyLlama.AllLogits(all);
        int v = TinyLlama.Model.Config.VocabSize;
        double expected = 0;
        bool greedy = true;
        for (int i = context.Length; i < all.Length; i++)
        {
            var row = logits.AsSpan((i - 1) * v, v);
            expected += TinyLlama.LogSoftmaxByHand(row, all[i]);
            greedy &= LogSoftmax.ArgMax(row) == all[i];
        }

        using var scorer = TinyLlama.CreateScorer(workers: 1);
        var result = scorer.LoglikelihoodsOfTokens(context, [cont])[0];

        Assert.Equal(expected, result.LogLikelihood, 1e-4);
        Assert.Equal(greedy, result.IsGreedy);
    }

    [Fact]
    public void TheGreedyContinuationIsReportedAsGreedy()
    {
        using var scorer = TinyLlama.CreateScorer(workers: 1);
        string generated = scorer.GenerateGreedy(Context, 3, []);
        Assert.True(scorer.Loglikelihood(Context, generated).IsGreedy);
        Assert.False(scorer.Loglikelihood(Context, " zebra quantum").IsGreedy);
    }

    [Fact]
    public void GreedyGenerationReproducesTransformersGenerate()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TinyLlama.Folder, "ref_outputs.json")));
        using var scorer = TinyLlama.CreateScorer(workers: 1);
        foreach (var prompt in doc.RootElement.GetProperty("prompts").EnumerateArray())
        {
            int[] greedy = prompt.GetProperty("greedy_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            string expected = TinyLlama.Tokenizer.Decode(greedy, skipSpecialTokens: true);
            Assert.Equal(expected, scorer.GenerateGreedy(prompt.GetProperty("text").GetString()!, greedy.Length, []));
        }
    }

    [Fact]
    public void GenerationStopsAtAnUntilStringAndCutsItOff()
    {
        using var scorer = TinyLlama.CreateScorer(workers: 1);
        string free = scorer.GenerateGreedy("The", 24, []);
        int at = free.IndexOf(" the", 1, StringComparison.Ordinal);
        Assert.True(at > 0, free);
        Assert.Equal(free[..at], scorer.GenerateGreedy("The", 24, [" the"]));
    }

    [Fact]
    public void AnEmptyContextIsReplacedByThePrefixToken()
    {
        using var scorer = TinyLlama.CreateScorer(workers: 1);
        int[] cont = TinyLlama.Tokenizer.Encode("The Senate", addSpecialTokens: false);
        var byText = scorer.Loglikelihood("", "The Senate");
        var byTokens = scorer.LoglikelihoodsOfTokens([scorer.PrefixTokenId], [cont])[0];
        Assert.Equal(byTokens.LogLikelihood, byText.LogLikelihood, 1e-9);
    }
}
