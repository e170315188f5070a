using System.Text;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Text;
using Wren.Runtime.Kernels;

namespace Wren.Data.Tests.Curation;

public sealed class WordHashTests
{
    /// <summary>
    /// The scanner (16-unit vector path, table path, Unicode hand-over) against the plain rules: a word
    /// is a run of letters and digits, lower-cased; each ideographic character is a word of its own;
    /// everything else separates words. Random texts mix every case the paths split on.
    /// </summary>
    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Vector128)]
    [InlineData(KernelPath.Vector256)]
    public void ScannerFindsTheSameWordsAsThePlainRulesOnMixedText(KernelPath path)
    {
        string[] pieces =
        [
            "the", "The", "WORLD", "a", "I", "x9", "2024", "3.14", "don't", "well-known", "e-mail",
            "internationalization", "Pneumonoultramicroscopicsilicovolcanoconiosis", new string('z', 130),
            "café", "CAFÉ", "naïve", "Straße", "ÆGIR", "Ελληνικά", "Москва", "東京", "タワー", "中文文本",
            "e\u0301", "😀", "a😀b", "ab\u00A0cd", "x\u2028y", "\t", "\r\n", " ", "  ", ",", "!!", "—", "«", "»",
            "ﬁle", "İstanbul", "ǅemal", "١٢٣", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq",
        ];
        var random = new Random(21);
        var scanned = new List<ulong>();
        for (int trial = 0; trial < 3000; trial++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 25);
            for (int k = 0; k < count; k++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
                if (random.Next(3) != 0)
                {
                    text.Append(random.Next(4) == 0 ? ". " : " ");
                }
            }
            string s = text.ToString();
            scanned.Clear();
            WordHash.AppendAll(s, scanned, path);
            Assert.Equal(PlainWords(s).Select(w => WordHash.Of(w)).ToList(), scanned);
        }
    }

    [Fact]
    public void WordsDifferByLettersOrderAndLengthButNotByCase()
    {
        Assert.Equal(WordHash.Of("hello"), Hash1("HeLLo"));
        var seen = new HashSet<ulong>();
        // Every word of up to three letters, and the 4, 5, 8 and 9-letter edges of the chunks: no collisions.
        foreach (string w in Words("abcdefghijklmnopqrstuvwxyz0123456789", 3).Concat(["abcd", "abcda", "abcdabcd", "abcdabcda", "dcba", "bacd", "aaaa", "aaaaa"]))
        {
            Assert.True(seen.Add(WordHash.Of(w)), w);
        }
    }

    [Fact]
    public void LongWordsAreHashedWhole()
    {
        string a = new string('a', 200);
        string b = new string('a', 199) + "b";
        Assert.NotEqual(Hash1(a), Hash1(b));
        Assert.Equal(WordHash.Of(a), Hash1(a.ToUpperInvariant()));
    }

    private static ulong Hash1(string text)
    {
        var hashes = new List<ulong>();
        WordHash.AppendAll(text, hashes);
        return Assert.Single(hashes);
    }

    private static IEnumerable<string> Words(string alphabet, int maxLength)
    {
        IEnumerable<string> current = [""];
        for (int length = 1; length <= maxLength; length++)
        {
            current = current.SelectMany(prefix => alphabet.Select(c => prefix + c)).ToList();
            foreach (string w in current)
            {
                yield return w;
            }
        }
    }

    /// <summary>The word rules written plainly, one character at a time.</summary>
    private static List<string> PlainWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (WordTokenizer.IsIdeographic(c))
            {
                Flush();
                words.Add(c.ToString());
            }
            else if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush();
            }
        }
        Flush();
        return words;

        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
    }
}
