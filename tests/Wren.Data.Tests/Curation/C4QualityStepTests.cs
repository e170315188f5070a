using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Recipe;

namespace Wren.Data.Tests.Curation;

public sealed class C4QualityStepTests
{
    private static readonly C4QualityStep Step = new(new C4Options());

    [Fact]
    public void LinesWithoutTerminalPunctuationJavascriptAndCookieNoticesAreRemoved()
    {
        string text = string.Join('\n',
            "Home | About | Contact",
            "The progress of public credit is witnessed by a considerable rise of American stock abroad.",
            "Please enable JavaScript to view the comments.",
            "This site uses cookies to improve your experience.",
            "The revenues allotted for this and other national purposes have been productive.",
            "Our citizens have shared in the blessings of peace[1] and of commerce.",
            "It is a source of satisfaction that the treaty was ratified.",
            "We hope the Senate will consider it soon.",
            "Short one.");
        var (result, document, counters) = CurationSample.Run(Step, text);
        Assert.False(result.Dropped);
        Assert.Equal(string.Join('\n',
            "The progress of public credit is witnessed by a considerable rise of American stock abroad.",
            "The revenues allotted for this and other national purposes have been productive.",
            "Our citizens have shared in the blessings of peace and of commerce.",
            "It is a source of satisfaction that the treaty was ratified.",
            "We hope the Senate will consider it soon."), document.Text);
        Assert.Equal(1, counters.Values["lines_removed.no_terminal_punct"]);
        Assert.Equal(1, counters.Values["lines_removed.javascript"]);
        Assert.Equal(1, counters.Values["lines_removed.policy"]);
        Assert.Equal(1, counters.Values["lines_removed.too_few_words"]);
    }

    [Fact]
    public void LoremIpsumDropsTheWholeDocument()
    {
        var (result, _, _) = CurationSample.Run(Step, "Welcome to our new site.\nLorem ipsum dolor sit amet, consectetur adipiscing elit.");
        Assert.Equal("lorem_ipsum", result.Rule);
        Assert.Equal("Lorem ipsum", result.Highlight);
        Assert.Equal("a line holds \"lorem ipsum\": \"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\"", result.Evidence);
    }

    [Fact]
    public void ARawEmailKeepsTooFewSentencesAndIsDropped()
    {
        var (result, _, _) = CurationSample.Run(Step, "Subject: lunch\nAre we still on for noon?\nBest,\nAnn");
        Assert.Equal("too_few_sentences", result.Rule);
        Assert.Equal(1, result.Value);
        Assert.Equal(5, result.Threshold);
    }

    [Fact]
    public void StateOfTheUnionParagraphsSurviveWhole()
    {
        string text = CurationSample.Get("sotu-1962_john_f_kennedy_d").Text;
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.False(result.Dropped, result.Rule);
        Assert.True(document.Text.Length > text.Length * 0.9);
    }

    /// <summary>The hand-written sentence counter against the regex it replaces, on every line of the sample and edge cases.</summary>
    [Fact]
    public void SentenceScannerCountsLikeTheRegex()
    {
        var lines = CurationSample.Documents().SelectMany(d => d.Text.Split('\n')).ToList();
        lines.AddRange(["", ".", "a.b. c!? d?!\")  e", "Done.\"]", "Wait... what?!", ". . .", "x.\u00A0y. z.\u2003", "(1.5 m.) end", "no marks here", "!!!\"'\"'x"]);
        foreach (string line in lines)
        {
            Assert.Equal(C4QualityStep.CountSentencesReference(line), C4QualityStep.CountSentences(line));
        }
    }

    /// <summary>The step (whole-text gates, lazy word counts, lines walked in place) against the first implementation, on the sample and on lines built to hit every rule, with several option sets.</summary>
    [Fact]
    public void DecidesAndRewritesAsTheReferenceOnTheSampleAndOnCraftedLines()
    {
        string[] fragments =
        [
            "The treaty was ratified by the Senate.", "Please enable Java[1]script in your browser.", "Lorem [2]ipsum dolor sit amet.",
            "This site uses cookies to help.", "See the {code} below for details.", "Short.", "Two words.", "Three small words.",
            "Ends with an ellipsis...", "A quote closes 'here'", "no terminal punctuation here", "Terms of[3] use apply to all.",
            "Nested [citation needed] claims were made.", "The [edit] link is here now.", new string('x', 40) + " is a long word.",
            "  Padded line with spaces.  ", "Is it a question?", "It is!", "", "\u2028Odd separator line here.", "Tab\tseparated words here.",
        ];
        var random = new Random(11);
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        for (int i = 0; i < 400; i++)
        {
            texts.Add(string.Join(random.Next(4) == 0 ? "\r\n" : "\n", Enumerable.Range(0, random.Next(30)).Select(_ => fragments[random.Next(fragments.Length)])));
        }
        C4Options[] optionSets = [new(), new() { FilterCurlyBracket = true, MaxWordLength = 30 }, new() { MinWordsPerLine = 0, RemoveCitations = false, MinNumSentences = 1 }, new() { MaxWordLength = -1, FilterNoTerminalPunct = false }];
        foreach (var options in optionSets)
        {
            var step = new C4QualityStep(options);
            foreach (string text in texts)
            {
                var expectedDocument = new Wren.Data.Curation.Pipeline.WorkingDocument(CurationSample.Make(text));
                var expectedCounters = new Wren.Data.Curation.Pipeline.StepCounters();
                var expected = C4Reference.Process(options, expectedDocument, expectedCounters);
                var (actual, document, counters) = CurationSample.Run(step, text);
                CurationSample.AssertSameDecision(expected, actual);
                Assert.Equal(expectedDocument.Text, document.Text);
                Assert.Equal(expectedCounters.Values, counters.Values);
                Assert.Equal(expectedDocument.Scores.ToJsonString(), document.Scores.ToJsonString());
            }
        }
    }

    private static readonly C4QualityStep WithKinds = new(new C4Options(), new SourceKinds(new KindsOptions()));

    /// <summary>
    /// A hard-wrapped letter (lines cut at 70 characters, as in a .txt file or a PDF): C4's line filter keeps
    /// only the few lines that happen to end a sentence; as a document, no line is removed.
    /// </summary>
    [Fact]
    public void AHardWrappedDocumentKeepsEveryLineAsADocumentAndLosesMostAsWeb()
    {
        string prose = CurationSample.Get("sotu-1962_john_f_kennedy_d").Text.ReplaceLineEndings(" ");
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in prose.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(600))
        {
            if (line.Length + 1 + word.Length > 70)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            line.Append(line.Length == 0 ? "" : " ").Append(word);
        }
        lines.Add(line.ToString());
        string text = string.Join('\n', lines);
        var (web, webDocument, _) = CurationSample.Run(WithKinds, text);
        Assert.True(web.Dropped || webDocument.Text.Length < text.Length / 2, "C4's line filter keeps most of a hard-wrapped text");
        var (document, kept, _) = CurationSample.Run(WithKinds, text, "document");
        Assert.False(document.Dropped, $"{document.Rule}: {document.Evidence}");
        Assert.Same(text, kept.Text);
    }

    [Fact]
    public void AShortMailHasNoSentenceMinimum()
    {
        string text = "Subject: lunch\nAre we still on for noon?\nBest,\nAnn";
        Assert.Equal("too_few_sentences", CurationSample.Run(WithKinds, text).Result.Rule);
        var (mail, document, _) = CurationSample.Run(WithKinds, text, "mail");
        Assert.False(mail.Dropped, $"{mail.Rule}: {mail.Evidence}");
        Assert.Same(text, document.Text);
    }

    [Fact]
    public void TooFewSentencesSaysWhichLinesWereRemovedAndWhy()
    {
        var (result, _, _) = CurationSample.Run(Step, "Subject: lunch\nAre we still on for noon?\nBest,\nAnn");
        Assert.Equal("1 sentences in the 1 kept lines of 4 (< min_num_sentences 5); lines removed: 3 without terminal punctuation, 0 with fewer than 3 words, 0 with a word over 1,000 characters, 0 mentioning javascript, 0 cookie or policy lines", result.Evidence);
    }
}
