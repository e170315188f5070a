using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Recipe;

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
        Assert.Equal(line, result.Highlight);
        Assert.EndsWith($"(0.241 > char_duplicates_ratio 0.1): 2× \"{line}\"", result.Evidence);
        Assert.Equal((double)line.Length / (text.Length - 3), result.Value, 6);
    }

    /// <summary>datatrove 84277597: the stop characters are TERMINAL_PUNCTUATION, which holds no quote, so a line ending in '"' does not count.</summary>
    [Fact]
    public void ALineEndingInAQuoteDoesNotEndInPunctuation()
    {
        string text = string.Join('\n', Enumerable.Range(0, 10).Select(i => $"The witness number {i} told the court, \"I saw nothing that night.\""));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("line_punct_ratio", result.Rule);
        Assert.Equal(0, result.Value);
        Assert.StartsWith("0 of 10 non-blank lines end in a terminal mark such as . ! ? (0 < line_punct_thr 0.12); the first that does not: \"The witness number 0", result.Evidence);
    }

    [Fact]
    public void TerminalMarksOfOtherScriptsEndALine()
    {
        string text = string.Join('\n', Enumerable.Range(0, 6).Select(i => $"第{i}回の会議では予算案について長い時間をかけて議論しました。これは重要な決定です。"));
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.NotEqual("line_punct_ratio", result.Rule);
        Assert.Equal(1, document.Scores["line_punct_ratio"]!.GetValue<double>());
    }

    /// <summary>datatrove 84277597 made every comparison strict: 67 short lines of 100 (exactly short_line_thr 0.67) are kept.</summary>
    [Fact]
    public void AShareOfShortLinesEqualToTheThresholdIsKept()
    {
        var lines = Enumerable.Range(0, 100).Select(i => i < 67 ? $"Entry {i}." : $"Line {i} explains the entries above in more detail for readers.");
        var (result, document, _) = CurationSample.Run(Step, string.Join('\n', lines));
        Assert.False(result.Dropped, $"{result.Rule}: {result.Evidence}");
        Assert.Equal(0.67, document.Scores["short_line_ratio"]!.GetValue<double>());
    }

    /// <summary>And a share of punctuated lines equal to line_punct_thr (12 of 100) is not below it.</summary>
    [Fact]
    public void AShareOfPunctuatedLinesEqualToTheThresholdIsKept()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"Line {i} of the inventory lists what the warehouse holds today" + (i < 12 ? "." : ""));
        var (result, document, _) = CurationSample.Run(Step, string.Join('\n', lines));
        Assert.NotEqual("line_punct_ratio", result.Rule);
        Assert.Equal(0.12, document.Scores["line_punct_ratio"]!.GetValue<double>());
    }

    /// <summary>
    /// datatrove leaves blank lines out of the line shares (three sentences and thirty blank lines are three
    /// lines, all punctuated), but its newline count for list_ratio is <c>text.count("\n")</c>, blank ones included.
    /// </summary>
    [Fact]
    public void BlankLinesAreNotLinesButTheirNewlinesCount()
    {
        string text = "The first report arrived on time and was complete.\n" + string.Concat(Enumerable.Repeat(" \n", 30))
            + "The second report was late but held everything we asked for.\n\nThe third report is still missing two of its tables.";
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.Equal(1, document.Scores["line_punct_ratio"]!.GetValue<double>());
        Assert.Equal(0, document.Scores["short_line_ratio"]!.GetValue<double>());
        Assert.Equal("list_ratio", result.Rule);
        Assert.Equal("33 newlines for 33 tokens (1 > new_line_ratio 0.3)", result.Evidence);
    }

    [Fact]
    public void ATextOfBlankLinesIsDroppedAsEmpty()
    {
        var (result, _, _) = CurationSample.Run(Step, " \n\t\n ");
        Assert.Equal("empty", result.Rule);
        Assert.Equal("no line holds anything but whitespace", result.Evidence);
    }

    [Fact]
    public void MailAndRecordsAreNotJudgedByLineShape()
    {
        var step = new FineWebQualityStep(new FineWebOptions(), new SourceKinds(new KindsOptions()));
        string text = "Hi Ann,\n\nSure, noon works.\nSee you there\n\nBob";
        Assert.Equal("short_line_ratio", CurationSample.Run(step, text).Result.Rule);
        Assert.False(CurationSample.Run(step, text, "mail").Result.Dropped);
        Assert.False(CurationSample.Run(step, text, "record").Result.Dropped);
    }
}
