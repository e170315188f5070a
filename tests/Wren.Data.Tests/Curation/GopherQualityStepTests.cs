using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Recipe;

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

    private static readonly GopherQualityStep WithKinds = new(new GopherQualityOptions(), new SourceKinds(new KindsOptions()));

    /// <summary>datatrove f9bbe093: the stop-word rule counts distinct stop words, so "the" 20 times is one.</summary>
    [Fact]
    public void OneStopWordSaidManyTimesIsOneDistinctStopWord()
    {
        string text = string.Join(' ', Enumerable.Range(0, 20).Select(i => $"the river{i} flows"));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("gopher_enough_stop_words", result.Rule);
        Assert.Equal(1, result.Value);
        Assert.Equal("1 distinct stop words (the) < min_stop_words 2; the stop words: the, be, to, of, and, that, have, with", result.Evidence);
    }

    /// <summary>datatrove counts a line starting with '-' as a bullet line, as it does '•'.</summary>
    [Fact]
    public void LinesStartingWithADashAreBulletLines()
    {
        var lines = CurationSample.Get("sotu-2001_george_w_bush_r").Text.Split(". ").Take(20).Select(s => "- " + s.Trim().ReplaceLineEndings(" "));
        var (result, _, _) = CurationSample.Run(Step, string.Join('\n', lines));
        Assert.Equal("gopher_too_many_bullets", result.Rule);
        Assert.Equal(1, result.Value);
        Assert.StartsWith("20 of 20 lines start with '•' or '-' (1 > max_bullet_lines_ratio 0.9), first \"- ", result.Evidence);
    }

    /// <summary>
    /// datatrove's letter share is over every token, punctuation included: "Apples , pears , and the plums ."
    /// is 5 tokens with a letter in 8 (0.625 &lt; 0.8), though every word has one.
    /// </summary>
    [Fact]
    public void TheShareOfTokensWithALetterCountsPunctuationTokens()
    {
        string text = string.Join(' ', Enumerable.Repeat("Apples, pears, and the plums.", 12));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("gopher_below_alpha_threshold", result.Rule);
        Assert.Equal(0.625, result.Value);
        Assert.Equal("60 of 96 tokens hold a letter (0.625 < min_alpha_words_ratio 0.8)", result.Evidence);
    }

    /// <summary>datatrove divides the '#' count by every token: "the word # tag" is 1 in 4 (NLTK splits '#' off).</summary>
    [Fact]
    public void HashesAreCountedPerToken()
    {
        string text = string.Join(' ', Enumerable.Repeat("the word #tag", 20));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("gopher_too_many_hashes", result.Rule);
        Assert.Equal(0.25, result.Value);
        Assert.Equal("20 '#' in 80 tokens: 0.25 per token > max_symbol_word_ratio 0.1", result.Evidence);
    }

    /// <summary>Words are tokens with a character outside datatrove's PUNCTUATION_SET: '©' is one, '—' is not.</summary>
    [Fact]
    public void AWordIsATokenWithACharacterOutsideDatatroveSPunctuationSet()
    {
        string words = string.Join(' ', CurationSample.Get("sotu-1790_george_washington_n").Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.All(char.IsLetter)).Take(49));
        var (dash, _, _) = CurationSample.Run(Step, words + " —");
        Assert.Equal("gopher_short_doc", dash.Rule);
        Assert.Equal("49 words < min_doc_words 50", dash.Evidence);
        var (copyright, _, _) = CurationSample.Run(Step, words + " ©");
        Assert.NotEqual("gopher_short_doc", copyright.Rule);
    }

    [Fact]
    public void AZeroThresholdTurnsARuleOffAsInDatatrove()
    {
        var step = new GopherQualityStep(new GopherQualityOptions { MinDocWords = 0, MinStopWords = 0 });
        var (result, _, _) = CurationSample.Run(step, "Printer on floor three jams again.");
        Assert.False(result.Dropped, $"{result.Rule}: {result.Evidence}");
    }

    /// <summary>A three-sentence support reply: too short for web crawl, worth keeping as mail or a record.</summary>
    [Fact]
    public void AShortReplyIsKeptAsMailAndAsARecordButNotAsWebCrawl()
    {
        string text = "Printer on floor three jams again. Tried restarting it twice. Please send someone today.";
        var (web, _, _) = CurationSample.Run(WithKinds, text);
        Assert.Equal("gopher_short_doc", web.Rule);
        foreach (string kind in new[] { "mail", "record" })
        {
            var (result, _, _) = CurationSample.Run(WithKinds, text, kind);
            Assert.False(result.Dropped, $"{kind}: {result.Rule}: {result.Evidence}");
        }
        var (document, _, _) = CurationSample.Run(WithKinds, text, "document");
        Assert.Equal("gopher_short_doc", document.Rule);
    }

    /// <summary>An rpm progress bar in a support mail is one mark for mail, fifty hashtags for web crawl.</summary>
    [Fact]
    public void ABarOfHashesCountsOnceInMail()
    {
        string prose = string.Join(' ', CurationSample.Get("sotu-1962_john_f_kennedy_d").Text.Split(' ').Take(120));
        string text = "I get this when upgrading:\n\nPreparing...   " + new string('#', 50) + " [100%]\n   1:mulberry   " + new string('#', 50) + " [100%]\n\n" + prose;
        var (web, _, _) = CurationSample.Run(WithKinds, text);
        Assert.Equal("gopher_too_many_hashes", web.Rule);
        var (mail, _, _) = CurationSample.Run(WithKinds, text, "mail");
        Assert.False(mail.Dropped, $"{mail.Rule}: {mail.Evidence}");
    }

    /// <summary>Short texts of mail and records are spared the share rules: three ellipses in a two-line note.</summary>
    [Fact]
    public void EllipsesInAShortNoteDropItAsWebCrawlOnly()
    {
        // A record of the sample (tickets.csv), as it was.
        string text = "Thanks Matthias...After installing those packages Xine now installs\nfine.  Guess I shoulda figured that one out...\n\nThanks...\nQuaffAPint";
        var (web, _, _) = CurationSample.Run(new GopherQualityStep(new GopherQualityOptions { MinDocWords = 0 }, new SourceKinds(new KindsOptions())), text);
        Assert.Equal("gopher_too_many_ellipsis", web.Rule);
        var (record, _, _) = CurationSample.Run(WithKinds, text, "record");
        Assert.False(record.Dropped, $"{record.Rule}: {record.Evidence}");
    }
}
