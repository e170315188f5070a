using Wren.Data.Curation.Steps;

namespace Wren.Data.Tests.Curation;

public sealed class NormalizeStepTests
{
    private static readonly NormalizeStep Step = new(new NormalizeOptions());

    [Theory]
    [InlineData("It\u00e2\u20ac\u2122s a caf\u00c3\u00a9", "It\u2019s a caf\u00e9")] // â€™ and Ã© back to ’ and é
    [InlineData("\u00e2\u20ac\u0153Quoted\u00e2\u20ac\u009d text", "\u201cQuoted\u201d text")] // “ ” (0x9D undefined in 1252, left as C1 by Latin-1)
    [InlineData("Stra\u00c3\u0178e und Gr\u00c3\u00bc\u00c3\u0178e", "Stra\u00dfe und Gr\u00fc\u00dfe")] // ß ü
    public void MojibakeFromUTF8ReadAsWindows1252IsRepaired(string broken, string repaired)
    {
        var (result, document, counters) = CurationSample.Run(Step, broken);
        Assert.False(result.Dropped);
        Assert.Equal(repaired, document.Text);
        Assert.True(counters.Values["mojibake_repairs"] > 0);
    }

    [Theory]
    [InlineData("caf\u00e9 \u00c5ngstr\u00f6m na\u00efve \u00a9 2024")]
    [InlineData("Price: 5\u00a3 or 6\u20ac, \u00bd off")]
    public void GenuineLatin1TextIsLeftAlone(string text)
    {
        var (_, document, _) = CurationSample.Run(Step, text);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void LineEndingsControlCharactersSpacesAndNFCAreNormalized()
    {
        string input = "\uFEFFFirst line  \r\nSecond\u0007 line\rThird\u00a0line\n\n\n\n\nCafe\u0301\t \n";
        var (_, document, _) = CurationSample.Run(Step, input);
        Assert.Equal("First line\nSecond line\nThird line\n\nCaf\u00e9", document.Text);
    }

    [Fact]
    public void ADocumentThatIsOnlyWhitespaceIsDroppedAsEmpty()
    {
        var (result, _, _) = CurationSample.Run(Step, " \r\n\t\u0000 \n");
        Assert.True(result.Dropped);
        Assert.Equal("empty", result.Rule);
    }

    /// <summary>The bulk-copying cleaner against the per-character reference, on the sample and on text salted with every special character.</summary>
    [Fact]
    public void BulkCleaningEqualsThePerCharacterReference()
    {
        var texts = CurationSample.Documents().Select(d => d.Text).ToList();
        var random = new Random(9);
        string specials = "\r\n\n\n \t\u0000\u0007\u000B\u000C\u001F\u007F\u0085\u009F\u00A0\u2000\u200A\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF";
        foreach (string text in texts.ToList())
        {
            var salted = new System.Text.StringBuilder();
            foreach (char c in text)
            {
                salted.Append(c);
                if (random.Next(8) == 0)
                {
                    salted.Append(specials[random.Next(specials.Length)]);
                }
            }
            texts.Add(salted.ToString());
        }
        texts.AddRange(["", "\n", " \n \n", "a \r\n\r\n\r\n\r\nb\t", "\u00A0\n\u0001\n\nx"]);
        foreach (string text in texts)
        {
            foreach (var (control, whitespace) in new[] { (true, true), (true, false), (false, true), (false, false) })
            {
                var fast = new Wren.Data.Curation.Pipeline.StepCounters();
                var slow = new Wren.Data.Curation.Pipeline.StepCounters();
                Assert.Equal(NormalizeStep.CleanCharactersReference(text, control, whitespace, slow), NormalizeStep.CleanCharacters(text, control, whitespace, fast));
                Assert.Equal(slow.Values, fast.Values);
            }
        }
    }
}
