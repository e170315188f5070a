using Wren.Data.Curation.Quality;

namespace Wren.Data.Tests.Curation;

public sealed class FineWebQualityStepTests
{
    private static readonly FineWebQualityStep Step = new(new FineWebOptions());

    [Fact]
    public void ProseIsKeptAndScored()
    {
        var (result, document, _) = CurationSample.Run(Step, CurationSample.Get("sotu-2010_barack_obama_d").Text);
        Assert.False(result.Dropped, result.Rule);
        Assert.True(document.Scores["line_punct_ratio"]!.GetValue<double>() > 0.12);
    }

    [Fact]
    public void LinesThatRarelyEndInPunctuationFailLinePunctRatio()
    {
        string text = string.Join('\n', Enumerable.Range(0, 10).Select(i => $"Item {i} of the quarterly inventory for the warehouse"));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("line_punct_ratio", result.Rule);
        Assert.Equal(0, result.Value);
    }

    [Fact]
    public void MostlyShortLinesFailShortLineRatio()
    {
        string text = string.Join('\n', Enumerable.Range(0, 10).Select(i => i % 4 == 0 ? "This longer line tells a reader what the next ones are about." : $"Entry {i}."));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("short_line_ratio", result.Rule);
        Assert.Equal(0.7, result.Value, 6);
    }

    [Fact]
    public void RepeatedLinesFailCharDupRatioWithTheRepeatedLineAsEvidence()
    {
        string line = "Subscribe to our newsletter for the latest deals and offers.";
        string text = string.Join('\n', "Our store opened downtown this week with a wide selection of books.", line, "Parking is available behind the building for all our visitors.", line);
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("char_dup_ratio", result.Rule);
        Assert.Equal(line, result.Evidence);
        Assert.Equal((double)line.Length / (text.Length - 3), result.Value, 6);
    }
}
