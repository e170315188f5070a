using Wren.Data.Curation.Quality;

namespace Wren.Data.Tests.Curation;

public sealed class GopherRepetitionStepTests
{
    private static readonly GopherRepetitionStep Step = new(new GopherRepetitionOptions());

    [Theory]
    [InlineData("sotu-1823_james_monroe_dr")]
    [InlineData("sotu-1934_franklin_d_roosevelt_d")]
    [InlineData("sotu-1985_ronald_reagan_r")]
    public void State_of_the_Union_prose_is_kept(string id)
    {
        var (result, _, _) = CurationSample.Run(Step, CurationSample.Get(id).Text);
        Assert.False(result.Dropped, $"{result.Rule} {result.Value} vs {result.Threshold}");
    }

    [Fact]
    public void Repeated_lines_are_measured_as_datatrove_does()
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
    public void A_dominant_bigram_is_caught_by_the_top_2_gram_rule()
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
    public void A_passage_pasted_twice_is_caught_by_the_duplicated_n_gram_rules()
    {
        string passage = CurationSample.Get("sotu-1790_george_washington_n").Text[..1200];
        var (result, _, _) = CurationSample.Run(Step, passage + " " + passage);
        Assert.True(result.Dropped);
        Assert.StartsWith("duplicated_", result.Rule);
        Assert.True(result.Value > result.Threshold);
    }

    /// <summary>The newline-run scanner against datatrove's <c>re.split(r"\n{2,}", text.strip())</c>, on the whole sample and edge cases.</summary>
    [Fact]
    public void Paragraph_scanner_splits_like_the_regex()
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
    public void The_hashed_step_decides_as_the_plain_string_reference_with_the_default_thresholds()
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
    public void Each_n_gram_measure_equals_the_reference_s_on_every_text(int n, bool top)
    {
        var options = NeverOnLines with
        {
            TopNGrams = top ? new() { [n] = -1 } : [],
            DupNGrams = top ? [] : new() { [n] = -1 },
        };
        var step = new GopherRepetitionStep(options);
        foreach (string text in Texts())
        {
            var expected = GopherRepetitionReference.Process(options, text);
            var (actual, _, _) = CurationSample.Run(step, text);
            Assert.Equal(expected, actual);
        }
    }
}
