using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class DatatroveCharactersTests
{
    [Theory]
    [InlineData("The end.", true)]
    [InlineData("Really?", true)]
    [InlineData("终于结束了。", true)]
    [InlineData("यह अंत है।", true)]
    [InlineData("He said \"stop.\"", false)]
    [InlineData("it's the dogs'", false)]
    [InlineData("A list:", false)]
    [InlineData("", false)]
    [InlineData("Brahmi \U00011047", true)]
    [InlineData("a lone \uDC00", false)]
    public void ALineEndsInATerminalMarkAsTerminalPunctuationListsThem(string line, bool terminal) =>
        Assert.Equal(terminal, DatatroveCharacters.EndsWithTerminal(line));

    [Theory]
    [InlineData("...", true)]
    [InlineData("--", true)]
    [InlineData("“”", true)]
    [InlineData("—", true)]
    [InlineData("$", true)]
    [InlineData("\uFF11", true)]
    [InlineData("\U00011047", true)]
    [InlineData("©", false)]
    [InlineData("€", false)]
    [InlineData("‘", false)]
    [InlineData("a", false)]
    [InlineData("1", false)]
    [InlineData(".a.", false)]
    public void ATokenIsAllSymbolsWhenEveryCharacterIsInPunctuationSet(string token, bool symbols) =>
        Assert.Equal(symbols, DatatroveCharacters.IsSymbolOnly(token));
}
