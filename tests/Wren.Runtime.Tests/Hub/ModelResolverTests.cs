using Wren.Runtime.Generation;
using Wren.Runtime.Hub;

namespace Wren.Runtime.Tests.Hub;

/// <summary>
/// <see cref="ModelResolver"/>, what every verb's <c>--model</c> and <c>--base</c> go through: paths stay paths,
/// hub names are pulled (the files a loader reads) into the cache and found there the next time.
/// </summary>
public sealed class ModelResolverTests : IAsyncLifetime
{
    private const string Repo = "wren-test/tiny-llama";
    private LoopbackHub _hub = null!;
    private HubRepo _repo = null!;
    private DirectoryInfo _temp = null!;

    public async Task InitializeAsync()
    {
        _hub = await LoopbackHub.StartAsync();
        string folder = HfReference.Folder("tiny-llama");
        var files = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        // What real repositories hold beside the safetensors weights, none of which a Wren loader reads.
        files["pytorch_model.bin"] = new byte[4096];
        files["consolidated.safetensors"] = new byte[4096];
        files["onnx/model.onnx"] = new byte[4096];
        files["tiny-q8_0.gguf"] = new byte[4096];
        _repo = _hub.AddRepo(Repo, files);
        _temp = Directory.CreateTempSubdirectory("wren-resolver-");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public void AFolderThatExistsIsNoHubReferenceAndAHubNameIs()
    {
        Assert.Null(ModelResolver.HubReference(HfReference.Folder("tiny-llama")));
        Assert.Null(ModelResolver.HubReference(Path.Combine(HfReference.Folder("tiny-llama"), "model.safetensors")));
        Assert.Null(ModelResolver.HubReference("./out/model"));
        Assert.Null(ModelResolver.HubReference("~/models/x"));
        Assert.Equal(new HubModelReference("Qwen/Qwen3-0.6B", "v1", null), ModelResolver.HubReference("Qwen/Qwen3-0.6B@v1"));
        Assert.Equal("q.gguf", ModelResolver.HubReference("org/name:q.gguf")!.FileName);
    }

    [Fact]
    public void AModelIsNamedAsTheHubNamesItsRepositoryNotByItsSnapshotsCommit()
    {
        string snapshot = Path.Combine("/cache", "hub", "models--HuggingFaceTB--SmolLM2-135M", "snapshots", new string('a', 40));

        Assert.Equal("SmolLM2-135M", ModelResolver.ModelName(snapshot));
        Assert.Equal("SmolLM2-135M", ModelResolver.ModelName(snapshot + "/"));
        Assert.Equal("model", ModelResolver.ModelName("/runs/small/model/"));
    }

    [Fact]
    public async Task APathIsReturnedAsItIsWithoutAskingTheHub()
    {
        string folder = HfReference.Folder("tiny-llama");

        ResolvedModel resolved = await Resolver().ResolveAsync(folder);

        Assert.Equal(folder, resolved.Path);
        Assert.Null(resolved.Pull);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task AHubNameIsPulledWithTheFilesALoaderReadsAndTheSnapshotLoads()
    {
        ResolvedModel resolved = await Resolver().ResolveAsync(Repo);

        Assert.Equal(Path.Combine(Cache, "models--wren-test--tiny-llama", "snapshots", _repo.Commit), resolved.Path);
        string[] pulled = Directory.EnumerateFiles(resolved.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(resolved.Path, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("model.safetensors", pulled);
        Assert.Contains("tokenizer.json", pulled);
        Assert.Contains("chat_template.jinja", pulled);
        Assert.DoesNotContain("pytorch_model.bin", pulled);
        Assert.DoesNotContain("consolidated.safetensors", pulled);
        Assert.DoesNotContain("tiny-q8_0.gguf", pulled);
        Assert.DoesNotContain(Path.Combine("onnx", "model.onnx"), pulled);
        Assert.DoesNotContain(_hub.Requests, r => r.PathAndQuery.Contains("pytorch_model.bin", StringComparison.Ordinal));

        using var model = WrenModel.Load(resolved.Path);
        Assert.Equal(Repo, model.Name);
    }

    [Fact]
    public async Task ASecondResolveFindsTheCachedSnapshotAndDownloadsNothing()
    {
        await Resolver().ResolveAsync(Repo);
        _hub.Requests.Clear();

        ResolvedModel again = await Resolver().ResolveAsync(Repo);

        Assert.Equal(0, again.Pull!.BytesDownloaded);
        Assert.Equal(0, again.Pull.FilesDownloaded);
        // One question: which commit main is at now.
        var request = Assert.Single(_hub.Requests);
        Assert.Equal($"/api/models/{Repo}/revision/main", request.PathAndQuery);
    }

    [Fact]
    public async Task AGgufFileNameResolvesToTheFileAlone()
    {
        ResolvedModel resolved = await Resolver().ResolveAsync(Repo + ":tiny-q8_0.gguf");

        Assert.Equal(Path.Combine(Cache, "models--wren-test--tiny-llama", "snapshots", _repo.Commit, "tiny-q8_0.gguf"), resolved.Path);
        Assert.Equal(_repo.Files["tiny-q8_0.gguf"].Bytes, File.ReadAllBytes(resolved.Path));
    }

    [Fact]
    public async Task ARepositoryOfGgufFilesOnlyNamesOneToPull()
    {
        _hub.AddRepo("wren-test/tiny-GGUF", new Dictionary<string, byte[]>
        {
            ["tiny-Q8_0.gguf"] = new byte[64],
            ["tiny-Q4_K_M.gguf"] = new byte[64],
            ["README.md"] = "# tiny"u8.ToArray(),
        });

        var e = await Assert.ThrowsAsync<WrenException>(() => Resolver().ResolveAsync("wren-test/tiny-GGUF"));

        Assert.Contains("has no safetensors weights", e.Message, StringComparison.Ordinal);
        Assert.Contains("pull one as wren-test/tiny-GGUF:tiny-Q4_K_M.gguf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMistypedLocalFolderThatSpellsAHubNameSaysItIsNeither()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => Resolver().ResolveAsync("out/model"));

        Assert.Equal(HubFailure.RepositoryNotFound, e.Failure);
        Assert.StartsWith("'out/model' is no file or folder here, and as a Hugging Face model: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatedBaseModelSaysSoAndIsNotMistakenForAMissingFolder()
    {
        _repo.GrantedTokens = ["hf_granted"];

        var e = await Assert.ThrowsAsync<HubException>(() => Resolver().ResolveAsync(Repo));

        Assert.Equal(HubFailure.Gated, e.Failure);
        Assert.DoesNotContain("no file or folder here", e.Message, StringComparison.Ordinal);
        Assert.Contains("HF_TOKEN", e.Message, StringComparison.Ordinal);
    }

    private string Cache => Path.Combine(_temp.FullName, "hub");

    private ModelResolver Resolver() => new(new HubSettings { Endpoint = _hub.EndpointText, CacheDirectory = Cache, RetryDelay = TimeSpan.FromMilliseconds(10) });
}
