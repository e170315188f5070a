using Wren.Runtime.Tests.Hub;

namespace Wren.Cli.Tests;

/// <summary>
/// <c>wren pull</c> end to end: the <c>wren</c> process, configured only by the environment variables huggingface_hub
/// reads (HF_ENDPOINT, HF_HOME, HF_TOKEN), against a loopback hub that serves the hub's URL layout and headers and
/// redirects LFS files to a CDN host.
/// </summary>
public sealed class PullCommandTests : IAsyncLifetime
{
    private const string Repo = "wren-test/tiny-llama";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private LoopbackHub _hub = null!;
    private HubRepo _repo = null!;
    private DirectoryInfo _temp = null!;

    public async Task InitializeAsync()
    {
        _hub = await LoopbackHub.StartAsync();
        _repo = _hub.AddRepo(Repo, Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama"));
        _temp = Directory.CreateTempSubdirectory("wren-pull-cli-");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    private string Storage => Path.Combine(_temp.FullName, "hf", "hub", "models--wren-test--tiny-llama");

    [Fact]
    public void APullPrintsTheSnapshotFolderOfTheCacheUnderHfHomeAndASecondPullDownloadsNothing()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        // The CDN cuts the weights after 200 kB once and refuses the Range the client resumes with: 416, then the whole file again.
        _hub.Faults[weights.Sha256] = new BlobFaults { CutAfter = 200_000, Cuts = 1, RefuseRanges = true };

        var run = Wren("pull", Repo);

        Assert.True(run.ExitCode == 0, run.Describe());
        string snapshot = Path.Combine(Storage, "snapshots", _repo.Commit);
        Assert.Equal(snapshot, run.Output.Trim());
        Assert.Equal(_repo.Commit, File.ReadAllText(Path.Combine(Storage, "refs", "main")));
        Assert.Equal(Path.Combine("..", "..", "blobs", weights.Sha256), new FileInfo(Path.Combine(snapshot, "model.safetensors")).LinkTarget);
        Assert.Equal(weights.Bytes, File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        Assert.Equal(_repo.Files.Keys.Order(StringComparer.Ordinal), Directory.EnumerateFiles(snapshot).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string?[] ranges = _hub.RequestsTo("cdn").Where(r => r.PathAndQuery.Contains(weights.Sha256, StringComparison.Ordinal)).Select(r => r.Range).ToArray();
        Assert.True(ranges is [null, { } resume, null] && resume.StartsWith("bytes=", StringComparison.Ordinal) && resume != "bytes=0-", string.Join(", ", ranges));
        Assert.Contains($"{_repo.Files.Count} file(s)", run.Error, StringComparison.Ordinal);
        Assert.Contains("MB/s", run.Error, StringComparison.Ordinal);

        var again = Wren("pull", Repo);

        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.Equal(snapshot, again.Output.Trim());
        Assert.Contains("nothing (all in the cache)", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ARevisionAndIncludePatternsPullTheBranchsFilesIntoTheOutFolder()
    {
        _repo.Branches["v1.0"] = _repo.Commit;
        string output = Path.Combine(_temp.FullName, "out");

        var run = Wren("pull", Repo + "@v1.0", "--include", "*.json", "tokenizer*", "--out", output);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(output, run.Output.Trim());
        string[] expected = _repo.Files.Keys.Where(p => p.EndsWith(".json", StringComparison.Ordinal) || p.StartsWith("tokenizer", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, Directory.EnumerateFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // huggingface_hub's local-dir metadata: the commit and ETag of each file.
        string[] metadata = File.ReadAllLines(Path.Combine(output, ".cache", "huggingface", "download", "config.json.metadata"));
        Assert.Equal(_repo.Commit, metadata[0]);
        Assert.Equal(_repo.Commit, File.ReadAllText(Path.Combine(Storage, "refs", "v1.0")));
        Assert.Empty(_hub.RequestsTo("cdn"));
    }

    [Fact]
    public void AGgufFileIsPulledAloneAndItsPathPrinted()
    {
        HubRepo gguf = _hub.AddRepo("wren-test/tiny-GGUF", new Dictionary<string, byte[]> { ["tiny-Q8_0.gguf"] = new byte[5000], ["tiny-F16.gguf"] = new byte[9000] });

        var run = Wren("pull", "wren-test/tiny-GGUF:tiny-Q8_0.gguf");

        Assert.True(run.ExitCode == 0, run.Describe());
        string file = Path.Combine(_temp.FullName, "hf", "hub", "models--wren-test--tiny-GGUF", "snapshots", gguf.Commit, "tiny-Q8_0.gguf");
        Assert.Equal(file, run.Output.Trim());
        Assert.Equal(5000, File.ReadAllBytes(file).Length);
        Assert.Contains("4.9 KiB", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_hub.Requests, r => r.PathAndQuery.Contains("tiny-F16", StringComparison.Ordinal));
    }

    [Fact]
    public void AGatedModelFailsWithOneLineThatSaysSoUntilHfTokenHasAccess()
    {
        _repo.GrantedTokens = ["hf_granted"];

        var refused = Wren("pull", Repo);

        Assert.Equal(1, refused.ExitCode);
        string error = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"wren: error: {Repo} is a gated model", error, StringComparison.Ordinal);
        Assert.Contains("HF_TOKEN", error, StringComparison.Ordinal);
        Assert.Equal("", refused.Output);

        var granted = Wren(["pull", Repo], new() { ["HF_TOKEN"] = "hf_granted" });

        Assert.True(granted.ExitCode == 0, granted.Describe());
        Assert.All(_hub.RequestsTo("cdn"), r => Assert.Null(r.Authorization));
        Assert.Contains(_hub.RequestsTo("hub"), r => r.Authorization == "Bearer hf_granted");
    }

    [Fact]
    public void CorruptBytesFromTheCdnFailThePullNamingTheFileAndKeepNothing()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        _hub.Faults[weights.Sha256] = new BlobFaults { Corrupt = true };

        var run = Wren("pull", Repo);

        Assert.Equal(1, run.ExitCode);
        string error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("wren: error: ", StringComparison.Ordinal));
        Assert.Contains("model.safetensors", error, StringComparison.Ordinal);
        Assert.Contains("sha256", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Storage, "blobs", weights.Sha256)));
    }

    [Fact]
    public void AnIncludeThatMatchesNothingFailsNamingWhatTheRepositoryHolds()
    {
        var run = Wren("pull", Repo, "--include", "*.gguf");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("matches '*.gguf'", run.Error, StringComparison.Ordinal);
        Assert.Contains("config.json", run.Error, StringComparison.Ordinal);
    }

    private WrenProcessRun Wren(params string[] arguments) => Wren(arguments, new Dictionary<string, string?>());

    private WrenProcessRun Wren(string[] arguments, Dictionary<string, string?> environment)
    {
        environment["HF_ENDPOINT"] = _hub.EndpointText;
        environment["HF_HOME"] = Path.Combine(_temp.FullName, "hf");
        environment.TryAdd("HF_TOKEN", null);
        environment["HF_HUB_CACHE"] = null;
        environment["HF_HUB_OFFLINE"] = null;
        return WrenProcess.Run(arguments, Limit, environment);
    }
}
