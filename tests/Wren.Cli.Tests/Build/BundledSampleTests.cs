using Wren.Cli.Build;

namespace Wren.Cli.Tests.Build;

public sealed class BundledSampleTests
{
    [Fact]
    public void The_sample_is_found_from_a_folder_below_the_repository_root()
    {
        string? fromTests = BundledSample.TryFind(AppContext.BaseDirectory);
        Assert.NotNull(fromTests);
        Assert.True(Directory.Exists(Path.Combine(fromTests, "docs")));
    }

    [Fact]
    public void A_folder_outside_any_clone_does_not_find_it()
    {
        Assert.Null(BundledSample.TryFind(Path.GetTempPath()));
    }

    [Fact]
    public async Task A_missing_source_is_a_user_error_before_any_stage_runs()
    {
        string missing = Path.Combine(Path.GetTempPath(), "wren-no-such-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(1, await Program.Run(["build", missing, "--out", missing + "-out"]));
        Assert.False(Directory.Exists(missing + "-out"));
    }
}
