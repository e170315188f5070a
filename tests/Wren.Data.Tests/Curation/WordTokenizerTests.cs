using System.Text;
using Wren.Data.Curation.Text;
using Wren.Runtime.Kernels;

namespace Wren.Data.Tests.Curation;

public sealed class WordTokenizerTests
{
    private static List<string> Words(string text)
    {
        var tokens = new List<WordToken>();
        WordTokenizer.Tokenize(text, tokens);
        return tokens.Select(t => text.Substring(t.Start, t.Length)).ToList();
    }

    [Fact]
    public void EnglishKeepsContractionsHyphensAndDecimalsWholeAndSplitsPunctuation()
    {
        Assert.Equal(["We", "don't", "need", "well-known", "3.14", "values", "..."], Words("We don't need well-known 3.14 values..."));
    }

    [Fact]
    public void ChineseAndJapaneseAreOneWordPerCharacter()
    {
        Assert.Equal(["我", "们", "喜", "欢", "カ", "タ", "ABC"], Words("我们喜欢カタ ABC"));
    }

    [Fact]
    public void AccentedCyrillicAndCombiningMarksStayInsideWords()
    {
        Assert.Equal(["Grüße", "aus", "Zürich", "Привет", "mir"], Words("Grüße aus Zürich — Привет, mir!").Where(w => char.IsLetter(w[0])).ToList());
        Assert.Equal(["cafe\u0301"], Words("cafe\u0301"));
    }

    [Fact]
    public void CountWordsMatchesTheWordTokensOfTokenize()
    {
        foreach (var text in new[] { "Hello, world! It's 2024.", "我们喜欢 tea and 咖啡", "  spaced\tout\nlines  ", "— … !!", "" })
        {
            var tokens = new List<WordToken>();
            WordTokenizer.Tokenize(text, tokens);
            Assert.Equal(tokens.Count(t => t.Kind == TokenKind.Word), WordTokenizer.CountWords(text));
        }
    }

    /// <summary>
    /// Every kernel (the 64-character ASCII blocks on 128-, 256- and 512-bit vectors, whether or not this
    /// machine accelerates them, and the scalar path) against the first, classify-every-character
    /// tokenizer: on the sample, short random mixed-script text, long random text built to put
    /// joiners, repeated punctuation, long tokens and non-ASCII characters across block boundaries,
    /// and hand-placed patterns at every offset around a block's end.
    /// </summary>
    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public void TokenizeEqualsTheReferenceTokenizerWithEveryKernel(string kernelName)
    {
        var kernel = Enum.Parse<KernelPath>(kernelName);
        foreach (string text in TestTexts())
        {
            var expected = new List<WordToken>();
            WordTokenizer.TokenizeReference(text, expected);
            var actual = new List<WordToken>();
            WordTokenizer.Tokenize(text, actual, kernel);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void TokenizeAppendsToTheTokensAlreadyInTheList()
    {
        string text = string.Concat(Enumerable.Repeat("Some words, and more words: 3.14! ", 20));
        var tokens = new List<WordToken> { new(7, 1, TokenKind.Symbol) };
        WordTokenizer.Tokenize(text, tokens);
        var expected = new List<WordToken> { new(7, 1, TokenKind.Symbol) };
        WordTokenizer.TokenizeReference(text, expected);
        Assert.Equal(expected, tokens);
    }

    /// <summary>Every kernel against today's scalar CountWords (kept verbatim as <see cref="WordTokenizer.CountWordsReference"/>), on the same texts.</summary>
    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public void CountWordsEqualsTheReferenceCountWithEveryKernel(string kernelName)
    {
        var kernel = Enum.Parse<KernelPath>(kernelName);
        foreach (string text in TestTexts())
        {
            Assert.Equal(WordTokenizer.CountWordsReference(text), WordTokenizer.CountWords(text, kernel));
        }
    }

    /// <summary>What the count means, in the cases where it differs from the tokens: digits are not joined across '.', ’ joins, a joiner needs a word before it.</summary>
    [Fact]
    public void CountWordsCountsDecimalsAsTwoWordsAndKeepsInnerApostrophesAndHyphens()
    {
        foreach (var kernel in new[] { KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256, KernelPath.Vector512 })
        {
            // Padded past one block so that the vector paths see them.
            string pad = new(' ', 70);
            Assert.Equal(4, WordTokenizer.CountWords(pad + "don't well-known 3.14" + pad, kernel));
            Assert.Equal(3, WordTokenizer.CountWords(pad + "don\u2019t -a 'b" + pad, kernel));
            Assert.Equal(2, WordTokenizer.CountWords(pad + "a--b" + pad, kernel));
            Assert.Equal(1, WordTokenizer.CountWords(new string('a', 63) + "-é", kernel));
            Assert.Equal(2, WordTokenizer.CountWords(new string('a', 63) + "-!é", kernel));
        }
    }

    [Fact]
    public void TheBestKernelIsAVectorOneWhereVectorsAreAccelerated()
    {
        Assert.Equal(System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated, WordTokenizer.BestKernel != KernelPath.Scalar);
    }

    private static IEnumerable<string> TestTexts()
    {
        foreach (var document in CurationSample.Documents())
        {
            yield return document.Text;
        }
        // Short mixed-script text, mostly through the scalar path.
        string alphabet = "aZ09 \t\n'-.,$+<~!?\"…—\u2019\u007F\u00A0\u200B\u00ADéü我カ١Ⅻ\u0301€©_";
        var random = new Random(5);
        for (int i = 0; i < 1000; i++)
        {
            var chars = new char[random.Next(40)];
            for (int k = 0; k < chars.Length; k++)
            {
                int pick = random.Next(alphabet.Length + 3);
                // Surrogate pairs (an emoji, a CJK extension B ideograph) and a lone high surrogate.
                chars[k] = pick < alphabet.Length ? alphabet[pick] : pick == alphabet.Length ? '\uD83D' : pick == alphabet.Length + 1 ? '\uD840' : (char)(0xDC00 + random.Next(0x400));
            }
            yield return new string(chars);
        }
        // Long text from pieces that meet the block kernels' edge cases, with none, few or many non-ASCII characters.
        for (int i = 0; i < 1500; i++)
        {
            yield return RandomLongText(random, random.Next(400), nonAsciiPercent: (i % 3) switch { 0 => 0, 1 => 1, _ => 15 });
        }
        // Patterns placed at each offset around the end of the first block (64 characters), after words or spaces.
        string[] patterns = ["x'y", "x-y", "1.2", "1,2", "a--b", "a''", "3..4", "ab'", "'ab", "é", "a\u2019b", "a-é", "a-我", "我-a", "1.١", "a-\uD840\uDC00", "=====", "--a", ".5", "a\u0301-b", "$$$"];
        foreach (string pattern in patterns)
        {
            for (int offset = 56; offset <= 68; offset++)
            {
                yield return new string('w', offset) + pattern + new string('v', 70);
                yield return new string(' ', offset) + pattern + " " + new string('-', 70) + "z";
                yield return string.Concat(Enumerable.Repeat("ab ", 30))[..offset] + pattern + string.Concat(Enumerable.Repeat("c.d ", 30));
            }
        }
        // Tokens longer than a block.
        yield return new string('a', 200) + " " + new string('=', 130) + "x" + new string(' ', 130) + "1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7" + new string('-', 64);
    }

    private static string RandomLongText(Random random, int length, int nonAsciiPercent)
    {
        const string Punctuation = "!?.,-'=*#$+<~|`\u007F_\"()[]/:;@&%^{}\\";
        const string NonAscii = "éü我カ١Ⅻ\u0301€©\u2019\u00A0\u200B\u00AD—…\u3000";
        var text = new StringBuilder(length + 160);
        while (text.Length < length)
        {
            if (random.Next(100) < nonAsciiPercent)
            {
                int pick = random.Next(NonAscii.Length + 2);
                text.Append(pick < NonAscii.Length ? NonAscii[pick].ToString() : pick == NonAscii.Length ? "\uD83D\uDE00" : "\uD840");
                continue;
            }
            switch (random.Next(16))
            {
                case < 5:
                    text.Append((char)('a' + random.Next(26)), random.Next(1, 9));
                    break;
                case 5:
                    text.Append((char)('0' + random.Next(10))).Append(".,"[random.Next(2)]).Append((char)('0' + random.Next(10)));
                    break;
                case 6:
                    text.Append("'-.,"[random.Next(4)]);
                    break;
                case 7:
                    text.Append(Punctuation[random.Next(Punctuation.Length)], random.Next(1, 4));
                    break;
                case 8:
                    text.Append("A'z-9"[random.Next(5)]);
                    break;
                case 9 when random.Next(8) == 0:
                    // A run longer than a block (or nearly): letters, a rule line, indentation, a number.
                    text.Append("a=- \n.9"[random.Next(7)], random.Next(55, 140));
                    break;
                case 10:
                    text.Append("\n\t\r\u0001"[random.Next(4)]);
                    break;
                default:
                    text.Append(' ');
                    break;
            }
        }
        return text.ToString();
    }

    [Fact]
    public void LineRangesSplitsLikeSplitLines()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        texts.AddRange(["", "\n", "a", "a\n", "a\r\nb", "a\r\rb\n\n", "\r", "x\u2028y\u0085z\u001Cw\fv\vu", "end\r\n", "a\n\r\n"]);
        foreach (string text in texts)
        {
            var expected = TextLines.SplitLines(text).Select(r => (r.Start.Value, r.End.Value - r.Start.Value)).ToList();
            var actual = new List<(int, int)>();
            var lines = new LineRanges(text);
            while (lines.MoveNext())
            {
                actual.Add((lines.Start, lines.Length));
            }
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count, LineRanges.Count(text));
        }
    }
}
