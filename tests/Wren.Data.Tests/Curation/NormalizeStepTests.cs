using Wren.Data.Curation.Steps;

namespace Wren.Data.Tests.Curation;

public sealed class NormalizeStepTests
{
    private static readonly NormalizeStep Step = new(new NormalizeOptions());

    [Theory]
    [InlineData("It\u00e2\u20ac\u2122s a caf\u00c3\u00a9", "It\u2019s a caf\u00e9")] // â€™ and Ã© back to ’ and é
    [InlineData("\u00e2\u20ac\u0153Quoted\u00e2\u20ac\u009d text", "\u201cQuoted\u201d text")] // “ ” (0x9D undefined in 1252, left as C1 by Latin-1)
    [InlineData("Stra\u00c3\u0178e und Gr\u00c3\u00bc\u00c3\u0178e", "Stra\u00dfe und Gr\u00fc\u00dfe")] // ß ü
    public void Mojibake_from_UTF8_read_as_Windows1252_is_repaired(string broken, string repaired)
    {
        var (result, document, counters) = CurationSample.Run(Step, broken);
        Assert.False(result.Dropped);
        Assert.Equal(repaired, document.Text);
        Assert.True(counters.Values["mojibake_repairs"] > 0);
    }

    [Theory]
    [InlineData("caf\u00e9 \u00c5ngstr\u00f6m na\u00efve \u00a9 2024")]
    [InlineData("Price: 5\u00a3 or 6\u20ac, \u00bd off")]
    public void Genuine_Latin1_text_is_left_alone(string text)
    {
        var (_, document, _) = CurationSample.Run(Step, text);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void Line_endings_control_characters_spaces_and_NFC_are_normalized()
    {
        string input = "\uFEFFFirst line  \r\nSecond\u0007 line\rThird\u00a0line\n\n\n\n\nCafe\u0301\t \n";
        var (_, document, _) = CurationSample.Run(Step, input);
        Assert.Equal("First line\nSecond line\nThird line\n\nCaf\u00e9", document.Text);
    }

    [Fact]
    public void A_document_that_is_only_whitespace_is_dropped_as_empty()
    {
        var (result, _, _) = CurationSample.Run(Step, " \r\n\t\u0000 \n");
        Assert.True(result.Dropped);
        Assert.Equal("empty", result.Rule);
    }
}
