using Wren.Eval.Planning;
using Wren.Pipeline.Planning;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Tests.Planning;

public sealed class PlannedTokensTests
{
    private static readonly ModelShape Shape = ModelShape.Create(124e6, null, null, 32_000, 2048, null, null);

    private static PlannedTokens Resolve(string? tokens, string[] corpus, string? tokenizer) =>
        PlannedTokens.Resolve(tokens, corpus, tokenizer, Shape, NullProgressSink.Instance, CancellationToken.None);

    [Fact]
    public void WithoutTokensOrACorpusThePlanTakesChinchillasTwentyTokensPerParameter()
    {
        var planned = Resolve(null, [], null);
        Assert.True(planned.IsChinchillaDefault);
        Assert.Equal(20 * Shape.Parameters, planned.Tokens);
        Assert.Null(planned.Counted);
    }

    [Fact]
    public void GivenTokensAreReadWithTheirSuffix()
    {
        var planned = Resolve("1.4T", [], null);
        Assert.False(planned.IsChinchillaDefault);
        Assert.Equal(1.4e12, planned.Tokens, precision: 0);
    }

    [Theory]
    [InlineData("1B", new[] { "corpus/" }, "tokenizer.json", "give either --tokens or --corpus, not both")]
    [InlineData(null, new[] { "corpus/" }, null, "--corpus needs --tokenizer (the tokenizer.json to count with; wren tokenizer train makes one)")]
    [InlineData(null, new string[0], "tokenizer.json", "--tokenizer is only used with --corpus")]
    public void ContradictoryOptionsAreRefusedBeforeAnythingIsRead(string? tokens, string[] corpus, string? tokenizer, string message) =>
        Assert.Equal(message, Assert.Throws<WrenException>(() => Resolve(tokens, corpus, tokenizer)).Message);
}
