using Wren.Runtime.Hub;

namespace Wren.Runtime.Tests.Hub;

public sealed class HubCacheLayoutTests
{
    [Fact]
    public void ASnapshotFolderTellsItsRepository()
    {
        string snapshot = Path.Combine("/cache", "hub", "models--HuggingFaceTB--SmolLM2-135M", "snapshots", new string('a', 40));

        Assert.Equal("HuggingFaceTB/SmolLM2-135M", HubCacheLayout.RepoIdOfSnapshot(snapshot));
    }

    [Fact]
    public void AnyOtherFolderTellsNone()
    {
        Assert.Null(HubCacheLayout.RepoIdOfSnapshot("/runs/small/model"));
        Assert.Null(HubCacheLayout.RepoIdOfSnapshot("/x/snapshots/abc"));
    }
}
