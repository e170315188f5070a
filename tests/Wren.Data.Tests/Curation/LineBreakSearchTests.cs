using System.Runtime.Intrinsics;
using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class LineBreakSearchTests
{
    /// <summary>Every break <c>str.splitlines()</c> knows, and look-alikes next to them that are not breaks.</summary>
    private static readonly char[] Alphabet = ['a', ' ', '\t', '\n', '\v', '\f', '\r', '\u001B', '\u001C', '\u001D', '\u001E', '\u001F', '\u0084', '\u0085', '\u0086', '\u2027', '\u2028', '\u2029', '\u202A', '\u0A0A', '\u1C1C', '\u850A'];

    private static IEnumerable<string> Texts()
    {
        var random = new Random(9);
        for (int length = 0; length <= 257; length++)
        {
            // Mostly letters, one or a few breaks at random places, so the first hit moves through every lane.
            for (int trial = 0; trial < 6; trial++)
            {
                var chars = new char[length];
                for (int i = 0; i < length; i++)
                {
                    chars[i] = random.Next(40) == 0 || trial == 0 ? Alphabet[random.Next(Alphabet.Length)] : (char)random.Next(0x20, 0x7F);
                }
                yield return new string(chars);
            }
        }
    }

    [Fact]
    public void EachVectorPathFindsTheFirstBreakAsTheScalarDefinitionDoes()
    {
        foreach (string text in Texts())
        {
            int expected = LineRanges.IndexOfBreakScalar(text);
            Assert.Equal(expected, LineRanges.IndexOfBreak(text));
            if (Vector256.IsHardwareAccelerated && text.Length >= 16)
            {
                Assert.Equal(expected, LineRanges.IndexOfBreak256(text));
            }
            if (Vector128.IsHardwareAccelerated && text.Length >= 8)
            {
                Assert.Equal(expected, LineRanges.IndexOfBreak128(text));
            }
        }
    }

    [Fact]
    public void TheScalarDefinitionBreaksOnExactlyTheSplitlinesCharacters()
    {
        for (int c = 0; c <= char.MaxValue; c++)
        {
            Assert.Equal(LineRanges.Breaks.Contains((char)c), LineRanges.IndexOfBreakScalar([(char)c]) == 0);
        }
    }

    [Fact]
    public void LinesAreEnumeratedAsThePlainSplitlinesGivesThem()
    {
        foreach (string text in Texts())
        {
            var expected = TextLines.SplitLines(text).Select(r => text[r]).ToList();
            var actual = new List<string>();
            var lines = new LineRanges(text);
            while (lines.MoveNext())
            {
                actual.Add(lines.Current.ToString());
            }
            Assert.Equal(expected, actual);
        }
    }
}
