using Wren.Eval.TextMetrics;

namespace Wren.Eval.Tests.TextMetrics;

/// <summary>Expected numbers from google-research's rouge/rouge_scorer_test.py (ROUGE-1.5.5's own outputs for the two testdata lines).</summary>
public sealed class RougeLTests
{
    // rouge/testdata/target.txt and prediction.txt, lines 0 and 1, as readlines() gives them.
    private const string Target0 = "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n";
    private const string Target1 = "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n";
    private const string Prediction0 = "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n";
    private const string Prediction1 = "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n";

    [Fact]
    public void RougeLMatchesRouge155OnTheReferenceTestData()
    {
        var first = RougeL.Score(Target0, Prediction0);
        Assert.Equal(0.40741, first.Recall, 5);
        Assert.Equal(0.68750, first.Precision, 5);
        Assert.Equal(0.51163, first.FMeasure, 5);
        var second = RougeL.Score(Target1, Prediction1);
        Assert.Equal(0.40476, second.Recall, 5);
        Assert.Equal(0.65385, second.Precision, 5);
        Assert.Equal(0.50000, second.FMeasure, 5);
    }

    [Fact]
    public void ConsecutiveAndNonConsecutiveSubsequencesScoreAlike()
    {
        foreach (string prediction in new[] { "testing one", "testing two" })
        {
            var score = RougeL.Score("testing one two", prediction);
            Assert.Equal(1, score.Precision, 9);
            Assert.Equal(2.0 / 3, score.Recall, 9);
            Assert.Equal(4.0 / 5, score.FMeasure, 9);
        }
    }

    [Fact]
    public void AnEmptyPredictionScoresZero()
    {
        Assert.Equal(default, RougeL.Score("testing one two", ""));
        Assert.Equal(default, RougeL.ScoreSummary("w1 w2 w3 w4 w5", ""));
        Assert.Equal(default, RougeL.ScoreSummary("", "w1"));
        // All non-word characters: the tokenizer drops every token.
        Assert.Equal(default, RougeL.ScoreSummary("w1 w2 w3 w4 w5", "/"));
    }

    [Fact]
    public void RougeLsumTakesTheUnionOfEachSentencesLcsAsLinSection32Does()
    {
        var score = RougeL.ScoreSummary("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5");
        Assert.Equal(0.8, score.Recall, 9);
        Assert.Equal(0.4, score.Precision, 9);
        Assert.Equal(0.5333, score.FMeasure, 3);
    }

    [Fact]
    public void TheTokenizerLowerCasesAndSplitsOnEverythingButLettersAndDigits()
    {
        Assert.Equal(["it", "s", "a", "test", "42"], RougeL.Tokenize("It's a TEST-42!"));
    }
}
