using Wren.Eval.Planning;
using Wren.Runtime;

namespace Wren.Eval.Tests.Planning;

public sealed class QuantityParserTests
{
    [Theory]
    [InlineData("2.7e9", 2.7e9)]
    [InlineData("2.7B", 2.7e9)]
    [InlineData("2.7b", 2.7e9)]
    [InlineData("1.4T", 1.4e12)]
    [InlineData("124M", 124e6)]
    [InlineData("500K", 500e3)]
    [InlineData("7G", 7e9)]
    [InlineData("10_000", 10_000)]
    [InlineData("1,000,000", 1e6)]
    [InlineData(" 96 ", 96)]
    public void ReadsPlainScientificAndSuffixedCounts(string text, double expected)
    {
        Assert.Equal(expected, QuantityParser.Parse(text, "--params"), 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("B")]
    [InlineData("two billion")]
    [InlineData("-5M")]
    [InlineData("1.4X")]
    [InlineData("NaN")]
    public void RejectsWhatIsNotACountAndNamesTheOption(string text)
    {
        var e = Assert.Throws<WrenException>(() => QuantityParser.Parse(text, "--tokens"));
        Assert.Contains("--tokens", e.Message);
    }
}
