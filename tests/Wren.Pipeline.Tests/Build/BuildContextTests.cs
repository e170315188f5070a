using Wren.Pipeline.Build;
using Wren.Runtime;

namespace Wren.Pipeline.Tests.Build;

public sealed class BuildContextTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-context-" + Guid.NewGuid().ToString("N")[..8]);

    public BuildContextTests() => Directory.CreateDirectory(Path.Combine(_root, "data"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void SourcesInTheRecipeAreReadFromTheRecipeFolderAndTheStateRecordsThem()
    {
        File.WriteAllText(Path.Combine(_root, "data", "a.txt"), "alpha");
        string recipe = Path.Combine(_root, "wren.yaml");
        File.WriteAllText(recipe, "sources: [data]\n");
        var context = BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), RecipePath = recipe, Threads = 0 }, NullBuildObserver.Instance);
        Assert.Equal([Path.Combine(_root, "data")], context.Sources);
        Assert.Equal(context.Sources, context.State.Sources);
        Assert.Equal(recipe, context.State.Recipe);
        Assert.Equal(1, context.Threads);
        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
    }

    [Fact]
    public void APresetGivenBesideTheRecipeReplacesTheRecipes()
    {
        var context = BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), Sources = [Path.Combine(_root, "data")], Preset = "small" }, NullBuildObserver.Instance);
        Assert.Equal("small", context.Recipe.Model.Preset);
    }

    [Fact]
    public void AMissingSourceIsRefusedByNameBeforeAnyFolderIsMade()
    {
        string missing = Path.Combine(_root, "nowhere");
        var e = Assert.Throws<WrenException>(() =>
            BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), Sources = [missing] }, NullBuildObserver.Instance));
        Assert.Contains(missing, e.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
    }

    [Fact]
    public void AFolderWithStageFoldersButNoBuildStateIsNotTakenForABuild()
    {
        Directory.CreateDirectory(Path.Combine(_root, "out", "train"));
        var e = Assert.Throws<WrenException>(() =>
            BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), Sources = [Path.Combine(_root, "data")] }, NullBuildObserver.Instance));
        Assert.Contains("'train' folder but no build.json", e.Message);
    }
}
