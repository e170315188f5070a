using System.Security.Cryptography;
using System.Text.Json;
using Wren.Runtime.Generation;
using Wren.Runtime.Hub;

namespace Wren.Runtime.Tests.Hub;

/// <summary>
/// <see cref="HubPull"/> against a loopback hub serving the transformers fixtures with the hub's URL layout and
/// headers: the cache layout huggingface_hub makes, the CDN redirect without the token, resume, integrity checks,
/// the hub's errors, offline reuse, and pulls into a folder.
/// </summary>
public sealed class HubPullTests : IAsyncLifetime
{
    private const string Repo = "wren-test/tiny-llama";
    private LoopbackHub _hub = null!;
    private HubRepo _repo = null!;
    private DirectoryInfo _temp = null!;

    private string Cache => Path.Combine(_temp.FullName, "hub");

    private string Storage => Path.Combine(Cache, "models--wren-test--tiny-llama");

    public async Task InitializeAsync()
    {
        _hub = await LoopbackHub.StartAsync();
        _repo = _hub.AddRepo(Repo, HfReference.Folder("tiny-llama"));
        _temp = Directory.CreateTempSubdirectory("wren-hub-");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public async Task APullLaysOutTheCacheAsHuggingfaceHubDoes()
    {
        HubPullResult result = await Pull(Repo);

        string commit = _repo.Commit;
        Assert.Equal(commit, result.CommitHash);
        Assert.Equal(Path.Combine(Storage, "snapshots", commit), result.Path);
        Assert.Equal(commit, File.ReadAllText(Path.Combine(Storage, "refs", "main")));
        Assert.True(File.Exists(Path.Combine(Cache, "CACHEDIR.TAG")));
        Assert.Equal(_repo.Files.Count, result.Files.Count);
        Assert.Equal(_repo.Files.Values.Sum(f => (long)f.Bytes.Length), result.BytesDownloaded);
        foreach (var (path, file) in _repo.Files)
        {
            // snapshots/COMMIT/PATH -> ../../blobs/ETAG, where an LFS file's ETag is its sha256 and a git file's its blob id.
            var pointer = new FileInfo(Path.Combine(result.Path, path));
            Assert.Equal(Path.Combine("..", "..", "blobs", file.Etag), pointer.LinkTarget);
            Assert.Equal(file.Bytes, File.ReadAllBytes(pointer.FullName));
            Assert.Equal(file.IsLfs ? 64 : 40, file.Etag.Length);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Storage, "blobs"), "*.incomplete"));

        using var tree = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Storage, "trees", commit + ".json")));
        Assert.Equal(1, tree.RootElement.GetProperty("format_version").GetInt32());
        JsonElement weights = tree.RootElement.GetProperty("files").GetProperty("model.safetensors");
        Assert.Equal(_repo.Files["model.safetensors"].Sha256, weights.GetProperty("lfs_sha256").GetString());
        Assert.Equal(_repo.Files["config.json"].GitBlobId, tree.RootElement.GetProperty("files").GetProperty("config.json").GetProperty("blob_id").GetString());
    }

    [Fact]
    public async Task ThePulledSnapshotLoadsAndGeneratesAsTheFixtureFolderDoes()
    {
        HubPullResult result = await Pull(Repo);

        using var pulled = WrenModel.Load(result.Path);
        Assert.Equal(Repo, pulled.Name);
        ReferencePrompt prompt = HfReference.Prompts("tiny-llama")[0];
        Assert.Equal(prompt.Ids, pulled.Tokenizer.Encode(prompt.Text));
        Assert.Equal(prompt.GreedyIds, Greedy(pulled, prompt.Ids, prompt.GreedyIds.Length));
    }

    [Fact]
    public async Task LfsFilesComeFromTheCdnWithoutTheTokenWhileTheHubGetsIt()
    {
        await Pull(Repo, token: "hf_loopback");

        HubRequestRecord[] cdn = _hub.RequestsTo("cdn");
        Assert.Equal(_repo.Files.Values.Count(f => f.IsLfs), cdn.Length);
        Assert.All(cdn, r => Assert.Null(r.Authorization));
        Assert.All(cdn, r => Assert.Contains("X-Amz-Signature=loopback", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(_hub.RequestsTo("hub"), r => Assert.Equal("Bearer hf_loopback", r.Authorization));
        // Each file: one HEAD on its resolve URL; the small ones are then fetched from the hub itself.
        Assert.Equal(_repo.Files.Count, _hub.RequestsTo("hub").Count(r => r.Method == "HEAD" && r.PathAndQuery.StartsWith($"/{Repo}/resolve/{_repo.Commit}/", StringComparison.Ordinal)));
        Assert.Equal(_repo.Files.Values.Count(f => !f.IsLfs), _hub.RequestsTo("hub").Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ASecondPullAsksOnlyWhichCommitMainIsAt()
    {
        await Pull(Repo);
        _hub.Requests.Clear();

        HubPullResult again = await Pull(Repo);

        HubRequestRecord request = Assert.Single(_hub.Requests);
        Assert.Equal($"/api/models/{Repo}/revision/main", request.PathAndQuery);
        Assert.Equal(0, again.BytesDownloaded);
        Assert.Equal(0, again.FilesDownloaded);
        Assert.Null(again.OfflineReason);
    }

    [Fact]
    public async Task ACommitRevisionNeedsNoRevisionLookupAndWritesNoRef()
    {
        HubPullResult result = await Pull($"{Repo}@{_repo.Commit}");

        Assert.Equal(_repo.Commit, result.CommitHash);
        Assert.DoesNotContain(_hub.Requests, r => r.PathAndQuery.Contains("/revision/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Storage, "refs")));
    }

    [Fact]
    public async Task AnotherBranchGetsItsOwnRef()
    {
        _repo.Branches["v1.0"] = _repo.Commit;

        await Pull($"{Repo}@v1.0");

        Assert.Equal(_repo.Commit, File.ReadAllText(Path.Combine(Storage, "refs", "v1.0")));
        Assert.False(File.Exists(Path.Combine(Storage, "refs", "main")));
    }

    [Fact]
    public async Task TheTreeListingIsFollowedAcrossItsPages()
    {
        _hub.TreePageSize = 3;

        HubPullResult result = await Pull(Repo);

        Assert.Equal(_repo.Files.Keys.Order(StringComparer.Ordinal), result.Files.Order(StringComparer.Ordinal));
        Assert.Equal((_repo.Files.Count + 2) / 3, _hub.Requests.Count(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task IncludePatternsSelectFilesAsFnmatchDoes()
    {
        HubPullResult result = await Pull(Repo, include: ["*.json", "tokenizer*"]);

        string[] expected = _repo.Files.Keys.Where(p => p.EndsWith(".json", StringComparison.Ordinal) || p.StartsWith("tokenizer", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, result.Files.Order(StringComparer.Ordinal));
        Assert.Equal(expected, Directory.EnumerateFiles(result.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(_hub.RequestsTo("cdn"));
    }

    [Fact]
    public async Task FilesDownloadInParallel()
    {
        _hub.HoldDownloadsUntilConcurrent = 2;

        await Pull(Repo);

        Assert.True(_hub.PeakConcurrentDownloads >= 2, $"at most {_hub.PeakConcurrentDownloads} download(s) ran at once");
    }

    [Fact]
    public async Task ADownloadCutMidFileResumesWithARangeRequest()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        _hub.Faults[weights.Sha256] = new BlobFaults { CutAfter = 100_000, Cuts = 2 };

        HubPullResult result = await Pull(Repo);

        Assert.Equal(weights.Bytes, File.ReadAllBytes(Path.Combine(result.Path, "model.safetensors")));
        string?[] ranges = _hub.RequestsTo("cdn").Where(r => r.PathAndQuery.Contains(weights.Sha256, StringComparison.Ordinal)).Select(r => r.Range).ToArray();
        // Each retry asks for the rest from the byte the broken connection stopped at.
        Assert.Equal(3, ranges.Length);
        Assert.Null(ranges[0]);
        long[] starts = ranges[1..].Select(r => long.Parse(r!["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(starts[0] is > 0 and <= 100_000 && starts[1] > starts[0] && starts[1] <= starts[0] + 100_000, string.Join(", ", ranges));
    }

    [Fact]
    public async Task AnInterruptedPullResumesFromItsIncompleteBlob()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        var stall = new BlobFaults { StallAfter = 300_000 };
        _hub.Faults[weights.Sha256] = stall;
        using var cancel = new CancellationTokenSource();
        Task<HubPullResult> first = Pull(Repo, ct: cancel.Token);
        await stall.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        string incomplete = Path.Combine(Storage, "blobs", weights.Sha256 + ".incomplete");
        await Eventually(() => File.Exists(incomplete) && new FileInfo(incomplete).Length == 300_000);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(File.Exists(Path.Combine(Storage, "snapshots", _repo.Commit, "model.safetensors")));
        Assert.Equal(300_000, new FileInfo(incomplete).Length);

        _hub.Faults.Clear();
        _hub.Requests.Clear();
        HubPullResult result = await Pull(Repo);

        Assert.Equal(weights.Bytes, File.ReadAllBytes(Path.Combine(result.Path, "model.safetensors")));
        Assert.False(File.Exists(incomplete));
        Assert.Equal("bytes=300000-", _hub.RequestsTo("cdn").Single(r => r.PathAndQuery.Contains(weights.Sha256, StringComparison.Ordinal)).Range);
    }

    [Fact]
    public async Task A416OnResumeStartsTheFileOverFromItsFirstByte()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        string incomplete = SeedIncomplete(weights, 250_000);
        _hub.Faults[weights.Sha256] = new BlobFaults { RefuseRanges = true };

        HubPullResult result = await Pull(Repo);

        Assert.Equal(weights.Bytes, File.ReadAllBytes(Path.Combine(result.Path, "model.safetensors")));
        Assert.False(File.Exists(incomplete));
        string?[] ranges = _hub.RequestsTo("cdn").Where(r => r.PathAndQuery.Contains(weights.Sha256, StringComparison.Ordinal)).Select(r => r.Range).ToArray();
        Assert.Equal(new string?[] { "bytes=250000-", null }, ranges);
    }

    [Fact]
    public async Task AServerThatIgnoresTheRangeSendsTheWholeFileAndItIsKeptWhole()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        SeedIncomplete(weights, 250_000);
        _hub.Faults[weights.Sha256] = new BlobFaults { IgnoreRange = true };

        HubPullResult result = await Pull(Repo);

        Assert.Equal(weights.Bytes, File.ReadAllBytes(Path.Combine(result.Path, "model.safetensors")));
    }

    [Fact]
    public async Task ACompleteIncompleteFileIsCheckedAndKeptWithoutADownload()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        SeedIncomplete(weights, weights.Bytes.Length);

        HubPullResult result = await Pull(Repo);

        Assert.Equal(weights.Bytes, File.ReadAllBytes(Path.Combine(result.Path, "model.safetensors")));
        Assert.DoesNotContain(_hub.RequestsTo("cdn"), r => r.PathAndQuery.Contains(weights.Sha256, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CorruptBytesAreRefusedAndLeaveNothingInTheSnapshot()
    {
        HubFile weights = _repo.Files["model.safetensors"];
        _hub.Faults[weights.Sha256] = new BlobFaults { Corrupt = true };

        var e = await Assert.ThrowsAsync<HubException>(() => Pull(Repo));

        Assert.Equal(HubFailure.IntegrityCheckFailed, e.Failure);
        Assert.Contains("model.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", e.Message, StringComparison.Ordinal);
        Assert.Contains(weights.Sha256, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Storage, "snapshots", _repo.Commit, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(Storage, "blobs", weights.Sha256)));
        Assert.False(File.Exists(Path.Combine(Storage, "blobs", weights.Sha256 + ".incomplete")));
    }

    [Fact]
    public async Task AGitFileWhoseBlobIdDiffersIsRefused()
    {
        HubFile config = _repo.Files["config.json"];
        _hub.Faults[config.GitBlobId] = new BlobFaults { Corrupt = true };

        var e = await Assert.ThrowsAsync<HubException>(() => Pull($"{Repo}:config.json"));

        Assert.Equal(HubFailure.IntegrityCheckFailed, e.Failure);
        Assert.Contains("git blob sha1", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Storage, "snapshots")));
    }

    [Fact]
    public async Task AGatedModelWithoutATokenSaysItIsGatedAndHowToGetAccess()
    {
        _repo.GrantedTokens = ["hf_granted"];

        var e = await Assert.ThrowsAsync<HubException>(() => Pull(Repo));

        Assert.Equal(HubFailure.Gated, e.Failure);
        Assert.Equal(401, e.StatusCode);
        Assert.Contains($"{Repo} is a gated model", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{_hub.EndpointText}/{Repo}", e.Message, StringComparison.Ordinal);
        Assert.Contains("HF_TOKEN", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Storage, "snapshots")));
    }

    [Fact]
    public async Task AGatedModelWithATokenWithoutAccessSaysTheTokenLacksIt()
    {
        _repo.GrantedTokens = ["hf_granted"];

        var e = await Assert.ThrowsAsync<HubException>(() => Pull(Repo, token: "hf_other"));

        Assert.Equal(HubFailure.Gated, e.Failure);
        Assert.Equal(403, e.StatusCode);
        Assert.Contains("has no access", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatedModelPullsWithAGrantedToken()
    {
        _repo.GrantedTokens = ["hf_granted"];

        HubPullResult result = await Pull(Repo, token: "hf_granted");

        Assert.Equal(_repo.Files.Count, Directory.EnumerateFiles(result.Path).Count());
    }

    [Fact]
    public async Task AMissingRepositoryIsNamedInTheError()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => Pull("wren-test/no-such-model"));

        Assert.Equal(HubFailure.RepositoryNotFound, e.Failure);
        Assert.Contains("wren-test/no-such-model was not found", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Cache, "models--wren-test--no-such-model")));
    }

    [Fact]
    public async Task AMissingRevisionIsNamedInTheError()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => Pull($"{Repo}@v9"));

        Assert.Equal(HubFailure.RevisionNotFound, e.Failure);
        Assert.Equal(404, e.StatusCode);
        Assert.Contains($"{Repo} has no revision 'v9'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileIsNamedInTheError()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => Pull($"{Repo}:model-q4_k.gguf"));

        Assert.Equal(HubFailure.EntryNotFound, e.Failure);
        Assert.Contains("has no file 'model-q4_k.gguf'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARenamedRepositoryIsFollowedWithItsToken()
    {
        _hub.Rename("wren-test/old-name", Repo);

        HubPullResult result = await Pull("wren-test/old-name:config.json", token: "hf_loopback");

        Assert.Equal(_repo.Files["config.json"].Bytes, File.ReadAllBytes(result.Path));
        Assert.Contains(_hub.RequestsTo("hub"), r => r.Method == "HEAD" && r.PathAndQuery.StartsWith($"/{Repo}/resolve/", StringComparison.Ordinal) && r.Authorization == "Bearer hf_loopback");
    }

    [Fact]
    public async Task AGgufFilePullsAloneIntoTheSnapshot()
    {
        byte[] gguf = File.ReadAllBytes(Path.Combine(HfReference.Folder("tiny-llama"), "model.safetensors"));
        HubRepo ggufRepo = _hub.AddRepo("wren-test/tiny-GGUF", new Dictionary<string, byte[]> { ["tiny-f32.gguf"] = gguf, ["tiny-q8_0.gguf"] = gguf[..1000], ["README.md"] = "# tiny"u8.ToArray() });

        HubPullResult result = await Pull("wren-test/tiny-GGUF:tiny-f32.gguf");

        string storage = Path.Combine(Cache, "models--wren-test--tiny-GGUF");
        Assert.Equal(Path.Combine(storage, "snapshots", ggufRepo.Commit, "tiny-f32.gguf"), result.Path);
        Assert.Equal(gguf, File.ReadAllBytes(result.Path));
        Assert.Equal(gguf.Length, result.TotalBytes);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(storage, "snapshots", ggufRepo.Commit)));
        Assert.Equal(ggufRepo.Commit, File.ReadAllText(Path.Combine(storage, "refs", "main")));
        Assert.DoesNotContain(_hub.Requests, r => r.PathAndQuery.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACompleteSnapshotServesWhenTheHubCannotBeReached()
    {
        HubPullResult online = await Pull(Repo);
        HubSettings settings = Settings() with { Endpoint = ClosedPortEndpoint() };

        using var pull = new HubPull(settings);
        HubPullResult offline = await pull.PullAsync(HubModelReference.Parse(Repo));

        Assert.Equal(online.Path, offline.Path);
        Assert.Equal(online.CommitHash, offline.CommitHash);
        Assert.Contains("could not reach", offline.OfflineReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfflineModeUsesTheCacheWithoutAnyRequest()
    {
        HubPullResult online = await Pull(Repo);
        _hub.Requests.Clear();

        using var pull = new HubPull(Settings() with { Offline = true });
        HubPullResult offline = await pull.PullAsync(HubModelReference.Parse(Repo));
        HubPullResult file = await pull.PullAsync(HubModelReference.Parse($"{Repo}:config.json"));

        Assert.Equal(online.Path, offline.Path);
        Assert.Equal(Path.Combine(online.Path, "config.json"), file.Path);
        // The sizes of the files the snapshot's links point at, not of the links.
        Assert.Equal(online.TotalBytes, offline.TotalBytes);
        Assert.Equal(_repo.Files["config.json"].Bytes.Length, file.TotalBytes);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task OfflineModeWithNothingCachedSaysSo()
    {
        using var pull = new HubPull(Settings() with { Offline = true });

        var e = await Assert.ThrowsAsync<HubException>(() => pull.PullAsync(HubModelReference.Parse(Repo)));

        Assert.Equal(HubFailure.Unreachable, e.Failure);
        Assert.Contains("HF_HUB_OFFLINE", e.Message, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task AnIncompleteSnapshotIsRefusedOfflineNamingWhatItLacks()
    {
        HubPullResult online = await Pull(Repo);
        File.Delete(Path.Combine(online.Path, "tokenizer.json"));

        using var pull = new HubPull(Settings() with { Offline = true });
        var e = await Assert.ThrowsAsync<HubException>(() => pull.PullAsync(HubModelReference.Parse(Repo)));

        Assert.Equal(HubFailure.IncompleteSnapshot, e.Failure);
        Assert.Contains("tokenizer.json", e.Message, StringComparison.Ordinal);
        // The files a pattern leaves out do not count.
        HubPullResult configs = await pull.PullAsync(HubModelReference.Parse(Repo), new HubPullOptions { Include = ["config.json", "*.safetensors"] });
        Assert.Contains("model.safetensors", configs.Files);
        Assert.DoesNotContain("tokenizer.json", configs.Files);
    }

    [Fact]
    public async Task APullIntoAFolderWritesTheFilesAndHuggingfaceHubsDownloadMetadata()
    {
        string outDir = Path.Combine(_temp.FullName, "tiny");

        HubPullResult result = await Pull(Repo, outDir: outDir);

        Assert.Equal(outDir, result.Path);
        foreach (var (path, file) in _repo.Files)
        {
            var info = new FileInfo(Path.Combine(outDir, path));
            Assert.Null(info.LinkTarget);
            Assert.Equal(file.Bytes, File.ReadAllBytes(info.FullName));
            string[] metadata = File.ReadAllLines(Path.Combine(outDir, ".cache", "huggingface", "download", path + ".metadata"));
            Assert.Equal(_repo.Commit, metadata[0]);
            Assert.Equal(file.Etag, metadata[1]);
        }
        Assert.Equal("*", File.ReadAllText(Path.Combine(outDir, ".cache", "huggingface", ".gitignore")));
        Assert.True(File.Exists(Path.Combine(outDir, ".cache", "huggingface", "trees", _repo.Commit + ".json")));
        Assert.Equal(_repo.Commit, File.ReadAllText(Path.Combine(Storage, "refs", "main")));
        Assert.False(Directory.Exists(Path.Combine(Storage, "blobs")));

        _hub.Requests.Clear();
        HubPullResult again = await Pull(Repo, outDir: outDir);
        Assert.Equal(0, again.FilesDownloaded);
        Assert.Single(_hub.Requests);
    }

    [Fact]
    public async Task APullIntoAFolderCopiesWhatTheCacheAlreadyHolds()
    {
        await Pull(Repo);
        _hub.Requests.Clear();
        string outDir = Path.Combine(_temp.FullName, "copy");

        HubPullResult result = await Pull(Repo, outDir: outDir);

        Assert.Equal(0, result.BytesDownloaded);
        Assert.Empty(_hub.RequestsTo("cdn"));
        Assert.Equal(_repo.Files["model.safetensors"].Bytes, File.ReadAllBytes(Path.Combine(outDir, "model.safetensors")));
    }

    [Fact]
    public async Task ProgressCountsEveryByteOnce()
    {
        var sink = new CountingSink();

        await Pull(Repo, progress: sink);

        Assert.Equal(_repo.Files.Values.Sum(f => (double)f.Bytes.Length), sink.Total);
        Assert.Equal(sink.Total, sink.Done);
        Assert.Equal("B", sink.Unit);
    }

    private static List<int> Greedy(WrenModel model, int[] prompt, int count)
    {
        using var session = model.Model.CreateSession(new Wren.Runtime.Models.InferenceSessionOptions { Threads = 1 });
        var generated = new List<int>();
        ReadOnlySpan<float> logits = session.Prefill(prompt);
        while (true)
        {
            int next = ArgMax(logits);
            generated.Add(next);
            if (generated.Count == count) return generated;
            logits = session.Decode(next);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    private string SeedIncomplete(HubFile file, int length)
    {
        string incomplete = Path.Combine(Storage, "blobs", file.Sha256 + ".incomplete");
        Directory.CreateDirectory(Path.GetDirectoryName(incomplete)!);
        File.WriteAllBytes(incomplete, file.Bytes[..length]);
        return incomplete;
    }

    private HubSettings Settings(string? token = null) => new()
    {
        Endpoint = _hub.EndpointText,
        CacheDirectory = Cache,
        Token = token,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    private async Task<HubPullResult> Pull(string reference, string? token = null, string[]? include = null, string? outDir = null, Wren.Runtime.Diagnostics.IProgressSink? progress = null, CancellationToken ct = default)
    {
        using var pull = new HubPull(Settings(token));
        return await pull.PullAsync(HubModelReference.Parse(reference), new HubPullOptions { Include = include ?? [], LocalDirectory = outDir }, progress, ct);
    }

    private static string ClosedPortEndpoint()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the condition never held");
            await Task.Delay(10);
        }
    }

    private sealed class CountingSink : Wren.Runtime.Diagnostics.IProgressSink, Wren.Runtime.Diagnostics.IProgressTask
    {
        private double _done;

        public double Total { get; private set; }

        public double Done => Volatile.Read(ref _done);

        public string? Unit { get; private set; }

        public Wren.Runtime.Diagnostics.IProgressTask Begin(string description, double? total, string unit)
        {
            Total = total ?? double.NaN;
            Unit = unit;
            return this;
        }

        public void Increment(double amount)
        {
            double seen, next;
            do
            {
                seen = Volatile.Read(ref _done);
                next = seen + amount;
            }
            while (Interlocked.CompareExchange(ref _done, next, seen) != seen);
        }

        public void SetTotal(double total) => Total = total;

        public void SetStatus(string status) { }

        public void Dispose() { }
    }
}
