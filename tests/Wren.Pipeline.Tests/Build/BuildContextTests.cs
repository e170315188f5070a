using Wren.Pipeline.Build;
using Wren.Runtime;
using Wren.Runtime.Hub;
using Wren.Runtime.Tests.Hub;

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
    public async Task ABaseModelNamedAsAHubModelIsPulledAndTheRecipeNamesItsSnapshot()
    {
        await using var hub = await LoopbackHub.StartAsync();
        HubRepo repo = hub.AddRepo("wren-test/tiny-llama", Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama"));
        File.WriteAllText(Path.Combine(_root, "chat.jsonl"), "{\"prompt\": \"Hi\", \"completion\": \"Hello\"}\n");
        string recipe = Path.Combine(_root, "wren.yaml");
        File.WriteAllText(recipe, "model:\n  base_model: wren-test/tiny-llama\nfinetune:\n  data: [chat.jsonl]\n");
        string cache = Path.Combine(_root, "hf-cache");

        var context = BuildContext.Open(new BuildRequest
        {
            OutputDirectory = Path.Combine(_root, "out"),
            RecipePath = recipe,
            Sources = [Path.Combine(_root, "data")],
            Hub = new HubSettings { Endpoint = hub.EndpointText, CacheDirectory = cache, RetryDelay = TimeSpan.FromMilliseconds(10) },
        }, NullBuildObserver.Instance);

        string snapshot = context.Recipe.Model.BaseModel;
        Assert.StartsWith(cache, snapshot, StringComparison.Ordinal);
        Assert.Equal(repo.Commit, Path.GetFileName(snapshot));
        Assert.True(File.Exists(Path.Combine(snapshot, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(snapshot, "tokenizer.json")));
    }

    [Fact]
    public void ABaseModelThatIsNeitherAFolderNorOnTheHubFailsNamingIt()
    {
        string recipe = Path.Combine(_root, "wren.yaml");
        File.WriteAllText(recipe, "model:\n  base_model: models/missing-folder\nfinetune:\n  data: [chat.jsonl]\n");
        var hub = new HubSettings { Endpoint = "http://127.0.0.1:9", CacheDirectory = Path.Combine(_root, "hf-cache"), Offline = true };

        var error = Assert.ThrowsAny<WrenException>(() => BuildContext.Open(
            new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), RecipePath = recipe, Sources = [Path.Combine(_root, "data")], Hub = hub },
            NullBuildObserver.Instance));
        Assert.Contains("models/missing-folder", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public void TheBundledSampleGetsItsRouteMailTaskAndOtherSourcesGetNone()
    {
        string sample = BundledSample.TryFind(AppContext.BaseDirectory) ?? throw new InvalidOperationException("samples/acme not found above the test assembly");
        var onSample = BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), Sources = [sample] }, NullBuildObserver.Instance);
        Assert.Equal("route-mail", Assert.Single(onSample.Recipe.Tasks).Name);
        var onData = BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out2"), Sources = [Path.Combine(_root, "data")] }, NullBuildObserver.Instance);
        Assert.Empty(onData.Recipe.Tasks);
    }
}
