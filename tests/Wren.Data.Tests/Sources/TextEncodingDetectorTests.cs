using System.Text;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class TextEncodingDetectorTests
{
    private const string Russian = "Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью и должны поступать в отношении друг друга в духе братства.";
    private const string Czech = "Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv. Jsou nadáni rozumem a svědomím a mají spolu jednat v duchu bratrství.";

    static TextEncodingDetectorTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData(Russian, "windows-1251")]
    [InlineData(Russian, "koi8-r")]
    [InlineData(Czech, "windows-1250")]
    public void AParagraphInALegacyCodePageIsDecodedInThatCodePageAndTheWarningNamesIt(string text, string codePage)
    {
        byte[] bytes = Encoding.GetEncoding(codePage).GetBytes(text);

        string decoded = TextEncodingDetector.Decode(bytes, out var legacy);

        Assert.Equal(text, decoded);
        var (offset, line, encoding) = Assert.NotNull(legacy);
        Assert.Equal(text.IndexOf(text.First(c => c > 0x7F)), offset);
        Assert.Equal(1, line);
        Assert.Equal(Encoding.GetEncoding(codePage).CodePage, encoding.CodePage);
        Assert.Contains(encoding.WebName, TextEncodingDetector.LegacyWarning(offset, encoding));
    }

    [Fact]
    public void ALoneAccentInEnglishTextIsReadAsWindows1252NotGuessedFromTooLittle()
    {
        // UTF.Unknown names ISO-8859-2 for this one byte; the warning would then name a Central European code page.
        const string text = "Line 1 is plain ASCII text.\nLine 2 is plain ASCII text.\nCafé au lait, written in Latin-1.\nThe end.\n";

        string decoded = TextEncodingDetector.Decode(Encoding.Latin1.GetBytes(text), out var legacy);

        Assert.Equal(text, decoded);
        var (offset, line, encoding) = Assert.NotNull(legacy);
        Assert.Equal(1252, encoding.CodePage);
        Assert.Equal(3, line);
        Assert.Contains("Windows-1252", TextEncodingDetector.LegacyWarning(offset, encoding));
    }
}
