using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class GopherRepetitionStepTests
{
    private static readonly GopherRepetitionStep Step = new(new GopherRepetitionOptions());

    [Theory]
    [InlineData("sotu-1823_james_monroe_dr")]
    [InlineData("sotu-1934_franklin_d_roosevelt_d")]
    [InlineData("sotu-1985_ronald_reagan_r")]
    public void StateOfTheUnionProseIsKept(string id)
    {
        var (result, _, _) = CurationSample.Run(Step, CurationSample.Get(id).Text);
        Assert.False(result.Dropped, $"{result.Rule} {result.Value} vs {result.Threshold}");
    }

    [Fact]
    public void RepeatedLinesAreMeasuredAsDatatroveDoes()
    {
        // 10 lines, 4 of them repeats of earlier lines: dup_line_frac = 0.4 > 0.3.
        string[] unique = ["The treaty was signed in the spring.", "Commerce grew along the rivers.", "The militia was reorganized.", "Revenue exceeded the estimates.", "Roads were built to the west.", "The navy returned from the coast."];
        string text = string.Join('\n', unique.Concat(unique.Take(4)));
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("dup_line_frac", result.Rule);
        Assert.Equal(0.4, result.Value, 6);
        Assert.Equal(unique[0], result.Highlight);
        // The repeated lines with their counts, most frequent first, then in order of appearance.
        Assert.Equal($"4 of 10 lines repeat an earlier one (0.4 > dup_line_frac 0.3): 2× \"{unique[0]}\" · 2× \"{unique[1]}\" · 2× \"{unique[2]}\" · 2× \"{unique[3]}\"", result.Evidence);
    }

    [Fact]
    public void ADominantBigramIsCaughtByTheTop2GramRule()
    {
        // "buy now" 30 times among other unique words: its characters are well over 20% of the text.
        var words = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            words.Add("buy now");
            words.Add("offer" + i);
        }
        var (result, _, _) = CurationSample.Run(Step, string.Join(' ', words));
        Assert.Equal("top_2_gram", result.Rule);
        Assert.Equal("buy now", result.Highlight);
        Assert.StartsWith("the most frequent 2-gram occurs 30× (30 × 7 of ", result.Evidence);
        Assert.EndsWith(": \"buy now\"", result.Evidence);
        // datatrove: len("buy now") * 30 / len(text)
        Assert.Equal(7.0 * 30 / string.Join(' ', words).Length, result.Value, 6);
    }

    [Fact]
    public void APassagePastedTwiceIsCaughtByTheDuplicatedNGramRules()
    {
        string passage = CurationSample.Get("sotu-1790_george_washington_n").Text[..1200];
        var (result, _, _) = CurationSample.Run(Step, passage + " " + passage);
        Assert.True(result.Dropped);
        Assert.StartsWith("duplicated_", result.Rule);
        Assert.True(result.Value > result.Threshold);
    }

    private static readonly GopherRepetitionStep WithKinds = new(new GopherRepetitionOptions(), new SourceKinds(new KindsOptions()));

    /// <summary>
    /// datatrove's a8d21e2b: five paragraphs separated by blank lines are 9 lines to <c>splitlines()</c>, the
    /// 3 repeated empty ones 0.333 of them (> 0.3, dropped before the fix); to <c>re.split("\n+")</c> they are
    /// 5 distinct lines.
    /// </summary>
    [Fact]
    public void FiveParagraphsSeparatedByBlankLinesAreKeptWhereSplitlinesDroppedThem()
    {
        string text = string.Join("\n\n",
            "The committee met on Monday to review the budget for the coming year.",
            "Members asked for more detail on the cost of the new warehouse.",
            "The treasurer agreed to circulate the figures before the next meeting.",
            "A vote on the proposal was postponed until the figures arrive.",
            "The meeting closed at noon with thanks to the staff who prepared it.");
        var old = TextLines.SplitLines(text).Select(r => text[r]).ToList();
        Assert.Equal(9, old.Count);
        Assert.Equal(3, old.Count - old.Distinct().Count());
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.False(result.Dropped, $"{result.Rule}: {result.Evidence}");
        Assert.Equal(0, document.Scores["dup_line_frac"]!.GetValue<double>());
    }

    /// <summary>
    /// The other way round: one blank line was an extra, distinct line to <c>splitlines()</c> (4 lines, 1
    /// repeated: 0.25, kept); without it the repeat is 1 of 3 lines, 0.333 > 0.3, as datatrove now decides.
    /// </summary>
    [Fact]
    public void ASingleBlankLineNoLongerDilutesARepeatedLine()
    {
        string text = "Noted.\nThe shipment left the warehouse on Tuesday and should reach the northern depot before the weekend, weather permitting, according to the dispatcher on duty.\n\nNoted.";
        var old = TextLines.SplitLines(text).Select(r => text[r]).ToList();
        Assert.Equal(0.25, (double)(old.Count - old.Distinct().Count()) / old.Count);
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("dup_line_frac", result.Rule);
        Assert.Equal(1.0 / 3, result.Value, 9);
        Assert.Equal("1 of 3 lines repeat an earlier one (0.3333 > dup_line_frac 0.3): 2× \"Noted.\"", result.Evidence);
    }

    /// <summary><c>splitlines()</c> also split on '\r' (4 lines, 2 repeated: 0.5, dropped); <c>re.split("\n+")</c> sees one line.</summary>
    [Fact]
    public void CarriageReturnsNoLongerSeparateLines()
    {
        string text = "Yes.\rThe shipment left the warehouse on Tuesday and should reach the northern depot before the weekend, weather permitting.\rYes.\rYes.";
        var old = TextLines.SplitLines(text).Select(r => text[r]).ToList();
        Assert.Equal(0.5, (double)(old.Count - old.Distinct().Count()) / old.Count);
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.False(result.Dropped, $"{result.Rule}: {result.Evidence}");
    }

    /// <summary>The text is not stripped before the line split: a leading and a trailing newline are two empty lines, one a repeat (1 of 3 > 0.3).</summary>
    [Fact]
    public void ATextThatStartsAndEndsWithANewlineHasAnEmptyFirstAndLastLine()
    {
        var (result, _, _) = CurationSample.Run(Step, "\nHello there, this is a short note.\n");
        Assert.Equal("dup_line_frac", result.Rule);
        Assert.Equal(1.0 / 3, result.Value, 9);
        Assert.Equal("1 of 3 lines repeat an earlier one (0.3333 > dup_line_frac 0.3): 2× (empty line)", result.Evidence);
        Assert.Null(result.Highlight);
    }

    [Fact]
    public void AZeroThresholdTurnsALineOrParagraphRuleOffAsInDatatrove()
    {
        var step = new GopherRepetitionStep(new GopherRepetitionOptions { DupLineFrac = 0, DupLineCharFrac = 0, TopNGrams = [], DupNGrams = [] });
        var (result, _, _) = CurationSample.Run(step, "\nHello there, this is a short note.\n");
        Assert.False(result.Dropped, result.Rule);
    }

    [Fact]
    public void ARepeatedParagraphIsEvidenceWithItsCount()
    {
        string notice = "This message is confidential and meant only for the person it is addressed to.";
        string text = string.Join("\n\n", "Please find the signed contract attached.", notice, "Thanks for your patience.", notice, notice);
        var (result, _, _) = CurationSample.Run(Step, text);
        Assert.Equal("dup_para_frac", result.Rule);
        Assert.Equal(0.4, result.Value, 9);
        Assert.Equal(notice, result.Highlight);
        Assert.Equal($"2 of 5 paragraphs repeat an earlier one (0.4 > dup_para_frac 0.3): 3× \"{notice}\"", result.Evidence);
    }

    [Fact]
    public void DuplicatedNGramEvidenceListsTheRepeatedNGramsWithTheirCounts()
    {
        string passage = CurationSample.Get("sotu-1790_george_washington_n").Text[..1200];
        var (result, _, _) = CurationSample.Run(Step, passage + " " + passage);
        Assert.StartsWith("duplicated_", result.Rule);
        Assert.Matches(@"^[\d,]+ of [\d,]+ characters are in repeated \d+-grams \(0\.\d+ > duplicated_\d+_n_grams 0\.\d+\): 2× "".+"" · 2× "".+", result.Evidence);
        Assert.Contains(" more", result.Evidence);
    }

    /// <summary>A mail quoting a reply: the bare "&gt;" lines of the quote are no lines for the mail kind (13 of 24 would repeat), as blank lines are not.</summary>
    [Fact]
    public void BareQuoteMarkerLinesAreNoLinesForMail()
    {
        var lines = new List<string> { "Re: the build on Friday", "", "Sounds good to me, I will be there at nine." };
        foreach (string sentence in CurationSample.Get("sotu-1962_john_f_kennedy_d").Text.Split(". ").Skip(3).Take(7))
        {
            lines.Add("> " + sentence.ReplaceLineEndings(" ") + ".");
            lines.Add(">");
        }
        string text = string.Join('\n', lines);
        var (web, _, _) = CurationSample.Run(WithKinds, text);
        Assert.Equal("dup_line_frac", web.Rule);
        Assert.EndsWith(": 7× \">\"", web.Evidence);
        var (mail, _, _) = CurationSample.Run(WithKinds, text, "mail");
        Assert.False(mail.Dropped, $"{mail.Rule}: {mail.Evidence}");
    }

    /// <summary>
    /// A two-line note: its most frequent 2-gram occurs once, yet covers more than 20% of the characters, so
    /// datatrove drops it (as web crawl still is); mail and records under 50 words are spared the n-gram rules.
    /// </summary>
    [Fact]
    public void AShortNoteIsSparedTheNGramRulesAsMailButNotAsWeb()
    {
        string text = "MIT OpenCourseWare\n\nLooks useful. Hopefully, they'll put up some more material soon.";
        var (web, _, _) = CurationSample.Run(WithKinds, text);
        Assert.Equal("top_2_gram", web.Rule);
        Assert.StartsWith("the most frequent 2-gram occurs 1× (1 × 18 of 84 characters: 0.2143 > top_2_gram 0.2): \"MIT OpenCourseWare\"", web.Evidence);
        var (mail, _, _) = CurationSample.Run(WithKinds, text, "mail");
        Assert.False(mail.Dropped, $"{mail.Rule}: {mail.Evidence}");
        var (record, _, _) = CurationSample.Run(WithKinds, text, "record");
        Assert.False(record.Dropped, $"{record.Rule}: {record.Evidence}");
    }

    /// <summary>
    /// NLTK keeps a URL nearly whole ("http", ":", "//www.theregister.co.uk/..."), so links to one site repeat
    /// no 5-gram; split at every '.' and '/', they repeated "www . theregister . co" and a newsletter of
    /// headlines was dropped.
    /// </summary>
    [Fact]
    public void LinksToOneSiteDoNotMakeRepeatedNGrams()
    {
        var lines = Enumerable.Range(0, 12).Select(i => $"Headline number {i} about topic {i * 7} http://www.theregister.co.uk/content/{i}/{26000 + i * 13}.html");
        var (result, _, _) = CurationSample.Run(Step, string.Join('\n', lines));
        Assert.False(result.Dropped, $"{result.Rule}: {result.Evidence}");
    }

    /// <summary>The newline-run scanner against datatrove's <c>re.split(r"\n{2,}", text.strip())</c>, on the whole sample and edge cases.</summary>
    [Fact]
    public void ParagraphScannerSplitsLikeTheRegex()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        texts.AddRange(["", "\n\n", "  one  ", "a\n\nb\n\n\n\na\nc\n\nb", "\n\n a\n\na \n", "x\n\n\ny\r\n\r\nx\n\n\ny", "p\n \n\np\n\n \n\np"]);
        foreach (string text in texts)
        {
            string[] paragraphs = System.Text.RegularExpressions.Regex.Split(text.Trim(), @"\n{2,}");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int duplicates = 0;
            long chars = 0;
            string? example = null;
            foreach (string p in paragraphs)
            {
                if (!seen.Add(p))
                {
                    duplicates++;
                    chars += p.Length;
                    example ??= p.Length > 0 ? p : null;
                }
            }
            Assert.Equal((paragraphs.Length, duplicates, chars, example), GopherRepetitionStep.ParagraphDuplicates(text));
        }
    }

    /// <summary>The line duplicate count (only lines whose length recurs are hashed) against a plain set of <c>re.split("\n+", text)</c> strings.</summary>
    [Fact]
    public void LineDuplicatesAreCountedAsASetOfTheLinesCountsThem()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        texts.AddRange(["", "\n", "\n\n\n", "a", "a\na", "a\n\nb\n\n", "\na\n", "\n\na\n\n\nb", "\r\n\r\nx\rx\u2028x\u0085y", "ab\nba\nab\nabc\nab"]);
        var random = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            // Lines of a few lengths over a tiny alphabet: many equal lengths, some equal lines.
            texts.Add(string.Join(i % 2 == 0 ? "\n" : "\r\n", Enumerable.Range(0, random.Next(60)).Select(_ => new string('x', random.Next(4)) + "yz"[random.Next(2)])));
        }
        foreach (string text in texts)
        {
            var lines = System.Text.RegularExpressions.Regex.Split(text, "\n+").ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int duplicates = 0;
            long chars = 0;
            string? example = null;
            foreach (string line in lines)
            {
                if (!seen.Add(line))
                {
                    duplicates++;
                    chars += line.Length;
                    example ??= line.Length > 0 ? line : null;
                }
            }
            Assert.Equal((lines.Count, duplicates, chars, example), GopherRepetitionStep.LineDuplicates(text));
        }
    }

    /// <summary>Texts where every repetition rule has work: the sample, passages pasted with variations, random texts over small vocabularies.</summary>
    private static IEnumerable<string> Texts()
    {
        var sample = CurationSample.Documents().Select(d => d.Text).ToList();
        foreach (string text in sample)
        {
            yield return text;
        }
        var random = new Random(7);
        string washington = CurationSample.Get("sotu-1790_george_washington_n").Text;
        for (int i = 0; i < 20; i++)
        {
            int start = random.Next(washington.Length - 900);
            string passage = washington.Substring(start, 100 + random.Next(800));
            yield return passage + " " + passage[..(passage.Length / (1 + random.Next(3)))] + " and so " + passage;
        }
        string[] vocabulary = ["the", "of", "and", "buy", "now", "offer", ".", ",", "free", "click", "here", "x", "don't", "3.14", "!"];
        for (int i = 0; i < 300; i++)
        {
            int size = 1 + random.Next(i % 3 == 0 ? 3 : vocabulary.Length);
            int length = random.Next(i < 30 ? 12 : 400);
            yield return string.Join(' ', Enumerable.Range(0, length).Select(_ => vocabulary[random.Next(size)]));
        }
    }

    private static readonly GopherRepetitionOptions NeverOnLines = new() { DupLineFrac = 1, DupParaFrac = 1, DupLineCharFrac = 1, DupParaCharFrac = 1 };

    [Fact]
    public void TheHashedStepDecidesAsThePlainStringReferenceWithTheDefaultThresholds()
    {
        var options = new GopherRepetitionOptions();
        var step = new GopherRepetitionStep(options);
        int dropped = 0;
        foreach (string text in Texts())
        {
            var expected = GopherRepetitionReference.Process(options, text);
            var (actual, _, _) = CurationSample.Run(step, text);
            CurationSample.AssertSameDecision(expected, actual);
            dropped += actual.Dropped ? 1 : 0;
        }
        Assert.True(dropped > 100, $"only {dropped} texts dropped: the comparison would not reach the n-gram rules");
    }

    /// <summary>Each n-gram rule alone with a threshold below zero, so the step reports its measured value on every text.</summary>
    [Theory]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    [InlineData(7, false)]
    [InlineData(8, false)]
    [InlineData(9, false)]
    [InlineData(10, false)]
    public void EachNGramMeasureEqualsTheReferenceSOnEveryText(int n, bool top)
    {
        var options = NeverOnLines with
        {
            TopNGrams = top ? new() { [n] = -1 } : [],
            DupNGrams = top ? [] : new() { [n] = -1 },
        };
        AssertDecidesAsTheReference(options);
    }

    private static void AssertDecidesAsTheReference(GopherRepetitionOptions options)
    {
        var step = new GopherRepetitionStep(options);
        foreach (string text in Texts())
        {
            var expected = GopherRepetitionReference.Process(options, text);
            var (actual, _, _) = CurationSample.Run(step, text);
            CurationSample.AssertSameDecision(expected, actual);
        }
    }

    /// <summary>Levels with both rules, with neither, and gaps between rules: every switch combination of the level pass against the reference.</summary>
    [Fact]
    public void MixedRuleSetsEqualTheReferenceSOnEveryText()
    {
        var sets = new (Dictionary<int, double> Top, Dictionary<int, double> Dup)[]
        {
            (new() { [2] = -1, [5] = -1 }, new() { [5] = -1, [3] = -1 }),
            (new() { [3] = 0.05 }, new() { [7] = 0.01 }),
            (new() { [2] = 0.02, [4] = 0.03 }, new() { [4] = 0.02, [9] = 0.01 }),
            (new() { [12] = -1 }, []),
        };
        foreach (var (top, dup) in sets)
        {
            AssertDecidesAsTheReference(NeverOnLines with { TopNGrams = top, DupNGrams = dup });
        }
    }

    /// <summary>
    /// The word hash reads two 64-bit words around each short word; it must give the plain
    /// definition's value wherever the word lies (start, middle, end of the text), or equal words
    /// would count as different.
    /// </summary>
    [Fact]
    public void TheWordHashEqualsItsScalarDefinitionAtEveryOffsetAndLength()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            var chars = new char[1 + random.Next(40)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(trial % 3 == 0 ? random.Next(1, 0xFFFF) : 'a' + random.Next(4));
            }
            string text = new(chars);
            for (int start = 0; start < text.Length; start++)
            {
                for (int length = 1; start + length <= text.Length && length <= 20; length++)
                {
                    Assert.Equal(GopherRepetitionStep.HashWordScalar(text.AsSpan(start, length)), GopherRepetitionStep.HashWord(text, start, length));
                }
            }
        }
    }

    [Fact]
    public void DistinctShortWordsGetDistinctHashes()
    {
        // Every word of up to three units over a small alphabet, and a sample of four- to eight-unit ones.
        var alphabet = "ab\u00e9.'-0Z".ToCharArray();
        var words = new HashSet<string>();
        void Build(string prefix, int left)
        {
            if (prefix.Length > 0)
            {
                words.Add(prefix);
            }
            if (left > 0)
            {
                foreach (char c in alphabet)
                {
                    Build(prefix + c, left - 1);
                }
            }
        }
        Build("", 3);
        var random = new Random(4);
        for (int i = 0; i < 20_000; i++)
        {
            words.Add(new string(Enumerable.Range(0, 4 + random.Next(5)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
        }
        var hashes = new Dictionary<ulong, string>();
        foreach (string word in words)
        {
            string padded = word + "    ";
            ulong hash = GopherRepetitionStep.HashWord(padded, 0, word.Length);
            Assert.True(hashes.TryAdd(hash, word), $"{word} and {hashes.GetValueOrDefault(hash)} share a hash");
        }
    }
}
