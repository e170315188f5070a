using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Tests.Curation;

public sealed class StepResultTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ADropWithoutEvidenceIsRefused(string? evidence) =>
        Assert.ThrowsAny<ArgumentException>(() => StepResult.Drop("rule", 1, 0.5, evidence!));

    [Fact]
    public void ADropKeepsItsEvidenceAndAnEmptyHighlightIsNone()
    {
        var result = StepResult.Drop("rule", 1, 0.5, "1 > 0.5", "");
        Assert.Equal("1 > 0.5", result.Evidence);
        Assert.Null(result.Highlight);
        Assert.True(result.Dropped);
    }
}
