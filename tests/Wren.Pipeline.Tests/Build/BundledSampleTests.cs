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

    [Fact]
    public void TheSampleIsRecognisedAndItsTaskRoutesItsMailByTheListIdHeader()
    {
        string sample = BundledSample.TryFind(AppContext.BaseDirectory)!;
        Assert.True(BundledSample.Is(sample));
        Assert.False(BundledSample.Is(Path.Combine(sample, "docs")));
        var task = BundledSample.Task(sample);
        Assert.Equal("mail-headers", task.From);
        Assert.Equal("List-Id", task.LabelHeader);
        Assert.Equal([Path.Combine(sample, "mail")], task.Sources);
    }
}
