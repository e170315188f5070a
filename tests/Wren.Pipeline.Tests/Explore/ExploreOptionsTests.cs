using Wren.Pipeline.Explore;
using Wren.Runtime;

namespace Wren.Pipeline.Tests.Explore;

public sealed class ExploreOptionsTests
{
    [Theory]
    [InlineData(1, 10, "--folds must be 2 to 10 (got 1)")]
    [InlineData(11, 10, "--folds must be 2 to 10 (got 11)")]
    [InlineData(5, 1, "--min-per-label must be at least 2 (got 1)")]
    public void SettingsTheAnalysisCannotRunWithAreRefusedByName(int folds, int minPerLabel, string message)
    {
        var options = new ExploreOptions { Sources = ["unused"], Folds = folds, MinPerLabel = minPerLabel };
        Assert.Equal(message, Assert.Throws<WrenException>(options.Validate).Message);
    }

    [Fact]
    public void TheDefaultsAndAStructureOnlyRunAreValid()
    {
        new ExploreOptions { Sources = ["unused"] }.Validate();
        new ExploreOptions { Sources = ["unused"], AnalyseBytes = 0, Folds = 2, MinPerLabel = 2 }.Validate();
    }
}
