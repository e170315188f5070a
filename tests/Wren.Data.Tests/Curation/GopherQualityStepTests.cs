using Wren.Data.Curation.Quality;

namespace Wren.Data.Tests.Curation;

public sealed class GopherQualityStepTests
{
    private static readonly GopherQualityStep Step = new(new GopherQualityOptions());

    [Theory]
    [InlineData("sotu-1790_george_washington_n")]
    [InlineData("sotu-1962_john_f_kennedy_d")]
    [InlineData("sotu-2014_barack_obama_d")]
    public void StateOfTheUnionProseIsKept(string id)
    {
        var (result, document, _) = CurationSample.Run(Step, CurationSample.Get(id).Text);
        Assert.False(result.Dropped, $"{result.Rule} {result.Value} vs {result.Threshold}");
        Assert.InRange(document.Scores["mean_word_length"]!.GetValue<double>(), 3, 10);
    }

    [Fact]
    public void AShortTextIsDroppedWithItsWordCount()
    {
        string text = string.Join(' ', CurationSample.Get("sotu-1790_george_washington_n").Text.Split(' ').Take(30));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("gopher_short_doc", result.Rule);
        Assert.Equal(50, result.Threshold);
        Assert.InRange(result.Value, 25, 49);
    }

    [Fact]
    public void ABulletedListOfLinesIsDropped()
    {
        string prose = CurationSample.Get("sotu-2001_george_w_bush_r").Text;
        var lines = prose.Split(". ").Take(40).Select(s => "• " + s.Trim());
        var (result, _, _) = CurationSample.Run(Step, string.Join('\n', lines));
        Assert.Equal("gopher_too_many_bullets", result.Rule);
        Assert.True(result.Value > 0.9);
    }

    [Fact]
    public void TextWithoutTheStopWordsIsDropped()
    {
        // Real words, but a keyword list rather than prose.
        string text = string.Join(' ', Enumerable.Repeat("Congress Senate treasury revenue commerce militia frontier tariff navy union", 8));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("gopher_enough_stop_words", result.Rule);
        Assert.Equal(0, result.Value);
    }

    [Fact]
    public void SymbolHeavyTextFailsTheAlphabeticWordsRule()
    {
        string text = string.Join(' ', Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? "the value of" : $"{i * 37} {i * 91}"));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("gopher_below_alpha_threshold", result.Rule);
        Assert.True(result.Value < 0.8);
    }

    [Fact]
    public void HashesPerWordOverTheThresholdDropTheDocument()
    {
        string text = string.Join(' ', Enumerable.Range(0, 60).Select(i => i % 4 == 0 ? "#tag" : "the word"));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("gopher_too_many_hashes", result.Rule);
    }
}
