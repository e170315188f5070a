using Wren.Pipeline.Build;

namespace Wren.Pipeline.Tests.Build;

public sealed class BundledSampleTests
{
    [Fact]
    public void TheSampleIsFoundFromAFolderBelowTheRepositoryRoot()
    {
        string? fromTests = BundledSample.TryFind(AppContext.BaseDirectory);
        Assert.NotNull(fromTests);
        Assert.True(Directory.Exists(Path.Combine(fromTests, "docs")));
    }

    [Fact]
    public void AFolderOutsideAnyCloneDoesNotFindIt()
    {
        Assert.Null(BundledSample.TryFind(Path.GetTempPath()));
    }
}
