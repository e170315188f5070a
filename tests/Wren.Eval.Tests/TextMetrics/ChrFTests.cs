using Wren.Eval.TextMetrics;

namespace Wren.Eval.Tests.TextMetrics;

/// <summary>Expected numbers from sacrebleu's test/test_chrf.py (sacrebleu 2.x).</summary>
public sealed class ChrFTests
{
    public static TheoryData<string[], string[], double> EpsilonSmoothedCorpusCases => new()
    {
        { ["abcdefg"], ["hijklmnop"], 0.0 },
        { ["a"], ["b"], 0.0 },
        { [""], ["b"], 0.0 },
        { [""], ["ref"], 0.0 },
        { [""], ["reference"], 0.0 },
        { ["aa"], ["ab"], 8.3333 },
        { ["a", "b"], ["a", "c"], 8.3333 },
        { ["a"], ["a"], 16.6667 },
        { ["a b c"], ["a b c"], 50.0 },
        { ["a b c"], ["abc"], 50.0 },
        {
            [" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."],
            ["risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."], 63.361730
        },
        {
            [" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "],
            ["Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."], 64.1302698
        },
        { ["Niemand hat die Absicht, eine Mauer zu errichten"], ["Niemand hat die Absicht, eine Mauer zu errichten"], 100.0 },
    };

    public static TheoryData<string[], string[], double> EffectiveOrderCorpusCases => new()
    {
        { ["a"], ["a"], 100.0 },
        { [""], ["reference"], 0.0 },
        { ["a b c"], ["a b c"], 100.0 },
        { ["a b c"], ["abc"], 100.0 },
        { [""], ["c"], 0.0 },
        { ["a", "b"], ["a", "c"], 50.0 },
        { ["aa"], ["ab"], 25.0 },
    };

    [Theory]
    [MemberData(nameof(EpsilonSmoothedCorpusCases))]
    public void CorpusScoresWithEpsilonSmoothingMatchSacrebleu(string[] hypotheses, string[] references, double expected)
    {
        // test_chrf: corpus_chrf(..., char_order=6, word_order=0, beta=3, eps_smoothing=True)
        double score = new ChrF { Beta = 3, EpsilonSmoothing = true }.Corpus(hypotheses, references);
        Assert.True(Math.Abs(score - expected) < 1e-4, $"{score} != {expected}");
    }

    [Theory]
    [MemberData(nameof(EffectiveOrderCorpusCases))]
    public void CorpusScoresWithEffectiveOrderMatchSacrebleu(string[] hypotheses, string[] references, double expected)
    {
        // test_chrf_eff_order: beta=3, eps_smoothing=False (sacrebleu's default smoothing)
        double score = new ChrF { Beta = 3 }.Corpus(hypotheses, references);
        Assert.True(Math.Abs(score - expected) < 1e-4, $"{score} != {expected}");
    }

    [Theory]
    [InlineData("Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.", "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.", 39.14078509)]
    [InlineData("Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.", "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.", 31.22557079)]
    [InlineData("Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.", "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.", 57.15704367)]
    public void SentenceScoresAtTheDefaultBetaMatchSacrebleu(string hypothesis, string reference, double expected)
    {
        // test_chrf_sentence_level: sentence_chrf(hyp, refs, eps_smoothing=True) with the default beta of 2.
        double score = new ChrF { EpsilonSmoothing = true }.Sentence(hypothesis, reference);
        Assert.True(Math.Abs(score - expected) < 1e-4, $"{score} != {expected}");
    }

    [Fact]
    public void TheDefaultsAreSacrebleusCharOrderSixAndBetaTwo()
    {
        var chrf = new ChrF();
        Assert.Equal(6, chrf.CharOrder);
        Assert.Equal(2, chrf.Beta);
        Assert.False(chrf.EpsilonSmoothing);
        Assert.Equal(100, chrf.Sentence("the same text", "the same text"), 9);
    }
}
