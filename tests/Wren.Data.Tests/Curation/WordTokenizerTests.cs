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
}
