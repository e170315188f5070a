using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class AsciiBlockMasksTests
{
    /// <summary>Each mask bit of both vector widths against the character test it stands for, on random ASCII blocks, and the all-ASCII answer on blocks with one non-ASCII character.</summary>
    [Fact]
    public void MasksOfBothWidthsEqualTheScalarCharacterTests()
    {
        var random = new Random(11);
        var chars = new char[AsciiBlockMasks.Width + 1];
        for (int round = 0; round < 500; round++)
        {
            for (int i = 0; i < chars.Length; i++)
            {
                // Half the time a small alphabet, so that equal neighbours and joiners are common.
                chars[i] = random.Next(2) == 0 ? "a-'.,0 Z9"[random.Next(9)] : (char)random.Next(128);
            }
            int nonAscii = round % 5 == 0 ? random.Next(AsciiBlockMasks.Width) : -1;
            if (nonAscii >= 0)
            {
                chars[nonAscii] = (char)(128 + random.Next(0xFF00));
            }
            ulong word = 0, digit = 0, inner = 0, decimals = 0, space = 0, same = 0;
            for (int i = 0; i < AsciiBlockMasks.Width; i++)
            {
                char c = chars[i];
                ulong bit = 1UL << i;
                word |= char.IsAsciiLetterOrDigit(c) ? bit : 0;
                digit |= char.IsAsciiDigit(c) ? bit : 0;
                inner |= c is '\'' or '-' ? bit : 0;
                decimals |= c is '.' or ',' ? bit : 0;
                space |= c <= ' ' ? bit : 0;
                same |= chars[i + 1] == c ? bit : 0;
            }
            // Only the ASCII characters' bits have a meaning (and a joiner's equality with a non-ASCII neighbour).
            ulong meaningful = nonAscii < 0 ? ulong.MaxValue : ~(1UL << nonAscii) & ~(nonAscii > 0 ? 1UL << (nonAscii - 1) : 0);
            foreach (bool wide in new[] { false, true })
            {
                bool ascii = wide ? AsciiBlockMasks.ComputeVector512(ref chars[0], out var m) : AsciiBlockMasks.ComputeVector256(ref chars[0], out m);
                Assert.Equal(nonAscii < 0, ascii);
                Assert.Equal(word & meaningful, m.Word & meaningful);
                Assert.Equal(digit & meaningful, m.Digit & meaningful);
                Assert.Equal(inner & meaningful, m.InnerJoiner & meaningful);
                Assert.Equal(decimals & meaningful, m.DigitJoiner & meaningful);
                Assert.Equal(space & meaningful, m.Space & meaningful);
                Assert.Equal(same & meaningful, m.SameAsNext & meaningful);
                bool wordsAscii = wide ? AsciiBlockMasks.WordsVector512(ref chars[0], out ulong w, out ulong j) : AsciiBlockMasks.WordsVector256(ref chars[0], out w, out j);
                Assert.Equal(nonAscii < 0, wordsAscii);
                Assert.Equal(m.Word, w);
                Assert.Equal(m.InnerJoiner, j);
            }
        }
    }
}
