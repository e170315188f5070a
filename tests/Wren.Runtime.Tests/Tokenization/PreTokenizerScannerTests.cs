using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Tests.Tokenization;

/// <summary>The hand-written scanners split exactly where the regexes they replace split.</summary>
public sealed class PreTokenizerScannerTests
{
    private const string Alphabet = "aZé ß東😀 1٣²\t\n\r  \u3000\u001c\u000b\u0085\u200b\u2028'sStTmMdDlLrReEvV.,!-_()\"“🙂a1 ";

    public static TheoryData<string> Patterns => new()
    {
        PreTokenizerScanner.Gpt2Pattern,
        PreTokenizerScanner.Llama3Pattern,
        PreTokenizerScanner.Qwen2Pattern,
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void ScannerPiecesEqualRegexMatchesOnRandomText(string pattern)
    {
        var regex = SplitPattern.CreateTestRegex(pattern);
        var scanner = SplitPattern.ForRegex(pattern);
        Assert.NotEqual(ScannerKind.None, scanner.Kind);
        var random = new Random(20240520);
        var segments = new SegmentList();
        for (int trial = 0; trial < 3000; trial++)
        {
            var sb = new System.Text.StringBuilder();
            int length = random.Next(0, 24);
            for (int i = 0; i < length; i++)
            {
                // Pick whole code points (surrogate pairs stay together).
                int at = random.Next(Alphabet.Length);
                if (char.IsLowSurrogate(Alphabet[at]))
                {
                    at--;
                }
                sb.Append(Alphabet[at]);
                if (char.IsHighSurrogate(Alphabet[at]))
                {
                    sb.Append(Alphabet[at + 1]);
                }
            }
            string text = sb.ToString();
            // .NET's \p{L} sees surrogate halves, not code points: compare on BMP-only text there.
            if (text.Any(char.IsSurrogate))
            {
                continue;
            }
            var expected = regex.Matches(text).Select(m => m.Value).ToList();
            segments.Clear();
            scanner.FindSegments(text, segments);
            var actual = Enumerable.Range(0, segments.Count).Select(i => text[segments.Starts[i]..segments.Ends[i]]).ToList();
            Assert.True(expected.SequenceEqual(actual), $"\"{Escape(text)}\": regex [{string.Join("|", expected.Select(Escape))}] scanner [{string.Join("|", actual.Select(Escape))}]");
        }
    }

    [Fact]
    public void ALetterOutsideTheBasicPlaneIsOneLetter()
    {
        var segments = new SegmentList();
        SplitPattern.ForRegex(PreTokenizerScanner.Gpt2Pattern).FindSegments(" 𝒜𝒷c 😀😀", segments);
        // Mathematical letters (surrogate pairs) join the letter run; the emoji pair is one symbol run.
        Assert.Equal(2, segments.Count);
        Assert.Equal(" 𝒜𝒷c", " 𝒜𝒷c 😀😀"[segments.Starts[0]..segments.Ends[0]]);
        Assert.Equal(" 😀😀", " 𝒜𝒷c 😀😀"[segments.Starts[1]..segments.Ends[1]]);
    }

    private static string Escape(string s) => s.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
}
