using Wren.Data.Curation.Text;

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
    public void English_keeps_contractions_hyphens_and_decimals_whole_and_splits_punctuation()
    {
        Assert.Equal(["We", "don't", "need", "well-known", "3.14", "values", "..."], Words("We don't need well-known 3.14 values..."));
    }

    [Fact]
    public void Chinese_and_Japanese_are_one_word_per_character()
    {
        Assert.Equal(["我", "们", "喜", "欢", "カ", "タ", "ABC"], Words("我们喜欢カタ ABC"));
    }

    [Fact]
    public void Accented_Cyrillic_and_combining_marks_stay_inside_words()
    {
        Assert.Equal(["Grüße", "aus", "Zürich", "Привет", "mir"], Words("Grüße aus Zürich — Привет, mir!").Where(w => char.IsLetter(w[0])).ToList());
        Assert.Equal(["cafe\u0301"], Words("cafe\u0301"));
    }

    [Fact]
    public void CountWords_matches_the_word_tokens_of_Tokenize()
    {
        foreach (var text in new[] { "Hello, world! It's 2024.", "我们喜欢 tea and 咖啡", "  spaced\tout\nlines  ", "— … !!", "" })
        {
            var tokens = new List<WordToken>();
            WordTokenizer.Tokenize(text, tokens);
            Assert.Equal(tokens.Count(t => t.Kind == TokenKind.Word), WordTokenizer.CountWords(text));
        }
    }

    /// <summary>The table-driven ASCII path against the first, classify-every-character tokenizer, on the sample and on random mixed-script text.</summary>
    [Fact]
    public void Tokenize_equals_the_reference_tokenizer_on_the_sample_and_random_text()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        string alphabet = "aZ09 \t\n'-.,$+<~!?\"…—\u2019\u007F\u00A0\u200B\u00ADéü我カ١Ⅻ\u0301€©_";
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(40)];
            for (int k = 0; k < chars.Length; k++)
            {
                int pick = random.Next(alphabet.Length + 3);
                // Surrogate pairs (an emoji, a CJK extension B ideograph) and a lone high surrogate.
                chars[k] = pick < alphabet.Length ? alphabet[pick] : pick == alphabet.Length ? '\uD83D' : pick == alphabet.Length + 1 ? '\uD840' : (char)(0xDC00 + random.Next(0x400));
            }
            texts.Add(new string(chars));
        }
        foreach (string text in texts)
        {
            var expected = new List<WordToken>();
            WordTokenizer.TokenizeReference(text, expected);
            var actual = new List<WordToken>();
            WordTokenizer.Tokenize(text, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void LineRanges_splits_like_SplitLines()
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
