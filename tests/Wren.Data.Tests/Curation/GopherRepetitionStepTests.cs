using Wren.Data.Curation.Quality;
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
        Assert.Equal(unique[0], result.Evidence);
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
        Assert.Equal("buy now", result.Evidence);
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

    /// <summary>The line duplicate count (only lines whose length recurs are hashed) against a plain set of <c>splitlines()</c> strings.</summary>
    [Fact]
    public void LineDuplicatesAreCountedAsASetOfTheLinesCountsThem()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        texts.AddRange(["", "\n", "a", "a\na", "a\n\nb\n\n", "\r\n\r\nx\rx\u2028x\u0085y", "ab\nba\nab\nabc\nab"]);
        var random = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            // Lines of a few lengths over a tiny alphabet: many equal lengths, some equal lines.
            texts.Add(string.Join(i % 2 == 0 ? "\n" : "\r\n", Enumerable.Range(0, random.Next(60)).Select(_ => new string('x', random.Next(4)) + "yz"[random.Next(2)])));
        }
        foreach (string text in texts)
        {
            var lines = TextLines.SplitLines(text).Select(r => text[r]).ToList();
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
            Assert.Equal(expected, actual);
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
            Assert.Equal(expected, actual);
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
