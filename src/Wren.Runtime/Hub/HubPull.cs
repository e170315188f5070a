using System.Security.Cryptography;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// Pulls a model from the Hugging Face hub into the hub cache, as huggingface_hub's <c>snapshot_download</c> and
/// <c>hf_hub_download</c> do (huggingface/huggingface_hub@ee0a4510, <c>_snapshot_download.py</c>,
/// <c>file_download.py</c>): resolve the revision to a commit, list the commit's files (kept in the tree cache),
/// then fetch each missing file (8 at a time) by HEAD on its resolve URL and GET from where that points, checked
/// against the announced size and hash, stored as <c>blobs/ETAG</c> and linked from <c>snapshots/COMMIT/PATH</c>.
/// When the hub cannot be reached, or <c>HF_HUB_OFFLINE</c> is set, a complete cached snapshot serves instead.
/// </summary>
public sealed class HubPull : IDisposable
{
    private readonly HubHttp _http;

    /// <param name="settings">Endpoint, cache, token; usually <see cref="HubSettings.FromEnvironment()"/>.</param>
    /// <param name="handler">The HTTP handler (tests pass one); it must not follow redirects itself.</param>
    public HubPull(HubSettings settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _http = new HubHttp(settings, handler);
    }

    public HubSettings Settings { get; }

    /// <summary>Pulls <paramref name="reference"/>: the whole snapshot (or the files <see cref="HubPullOptions.Include"/> selects), or its one file.</summary>
    public Task<HubPullResult> PullAsync(HubModelReference reference, HubPullOptions? options = null, IProgressSink? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new HubPullOptions();
        progress ??= NullProgressSink.Instance;
        return reference.FileName is null
            ? PullSnapshotAsync(reference, options, progress, ct)
            : PullFileAsync(reference, options, progress, ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HubPullResult> PullSnapshotAsync(HubModelReference reference, HubPullOptions options, IProgressSink progress, CancellationToken ct)
    {
        var cache = new HubCacheLayout(Settings.CacheDirectory, reference.RepoId);
        LocalDirLayout? local = options.LocalDirectory is null ? null : new LocalDirLayout(options.LocalDirectory);
        string treeFolder = local?.HuggingFaceFolder ?? cache.StorageFolder;
        var glob = new RepoGlob(options.Include);

        string? commit = reference.RevisionIsCommit ? reference.Revision : null;
        HubException? hubError = null;
        if (commit is null && !Settings.Offline)
        {
            try
            {
                commit = await _http.GetCommitAsync(new HubRequest(reference.RepoId, reference.Revision), ct).ConfigureAwait(false);
            }
            catch (HubException e) when (e.Failure != HubFailure.RevisionNotFound)
            {
                // As snapshot_download: a hub that cannot be reached, or refuses (a token since revoked), leaves the cache to try.
                hubError = e;
            }
        }
        if (commit is null || Settings.Offline)
        {
            return FromCache(reference, cache, local, treeFolder, glob, commit ?? cache.ReadRef(reference.Revision), hubError);
        }

        IReadOnlyList<HubTreeEntry> tree = HubTreeCache.Read(treeFolder, commit) ?? await FetchTreeAsync(reference, commit, treeFolder, ct).ConfigureAwait(false);
        List<HubTreeEntry> selected = tree.Where(e => glob.Includes(e.Path)).ToList();
        foreach (HubTreeEntry e in selected) HubCacheLayout.ValidateRepoPath(e.Path);
        cache.WriteRef(reference.Revision, commit);
        HubCacheLayout.TagCacheDirectory(cache.CacheDirectory);
        local?.Prepare();

        List<HubTreeEntry> missing = selected.Where(e => local is null
            ? !File.Exists(cache.PointerPath(commit, e.Path))
            : local.ReadMetadata(e.Path) is not { } m || m.Commit != commit || !File.Exists(local.FilePath(e.Path))).ToList();
        long downloaded = 0;
        int filesDownloaded = 0;
        if (missing.Count > 0)
        {
            using var task = new PullProgress(progress, reference.RepoId, missing.Sum(e => e.FileSize));
            int done = 0;
            task.SetStatus($"0/{missing.Count} files");
            var request = new HubRequest(reference.RepoId, commit);
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.MaxWorkers), CancellationToken = ct }, async (entry, token) =>
            {
                FileFetch fetched = local is null
                    ? await FetchToCacheAsync(cache, request, entry.Path, task, token).ConfigureAwait(false)
                    : await FetchToLocalDirAsync(cache, local, request, entry.Path, task, token).ConfigureAwait(false);
                Interlocked.Add(ref downloaded, fetched.BytesReceived);
                if (fetched.Downloaded) Interlocked.Increment(ref filesDownloaded);
                task.SetStatus($"{Interlocked.Increment(ref done)}/{missing.Count} files");
            }).ConfigureAwait(false);
        }

        return new HubPullResult
        {
            Reference = reference,
            CommitHash = commit,
            Path = local?.Directory ?? cache.SnapshotFolder(commit),
            Files = selected.Select(e => e.Path).ToList(),
            RepositoryFiles = tree.Select(e => e.Path).ToList(),
            TotalBytes = selected.Sum(e => e.FileSize),
            BytesDownloaded = downloaded,
            FilesDownloaded = filesDownloaded,
        };
    }

    private async Task<IReadOnlyList<HubTreeEntry>> FetchTreeAsync(HubModelReference reference, string commit, string treeFolder, CancellationToken ct)
    {
        List<HubTreeEntry> tree = await _http.ListTreeAsync(new HubRequest(reference.RepoId, commit), ct).ConfigureAwait(false);
        HubTreeCache.Write(treeFolder, commit, tree);
        return tree;
    }

    /// <summary>
    /// The cache standing in for the hub (<c>snapshot_download</c>'s fallback): the snapshot of the commit the revision
    /// last pointed at, if the cached tree listing shows it holds every selected file (a snapshot cut short by an
    /// interrupted pull is refused, naming what it lacks); otherwise the error that kept the hub from answering.
    /// </summary>
    private HubPullResult FromCache(HubModelReference reference, HubCacheLayout cache, LocalDirLayout? local, string treeFolder, RepoGlob glob, string? commit, HubException? hubError)
    {
        string why = hubError is null
            ? "HF_HUB_OFFLINE is set"
            : hubError.Failure == HubFailure.Unreachable ? hubError.Message : $"the hub refused: {hubError.Message}";
        string? folder = commit is null ? null : local?.Directory ?? cache.SnapshotFolder(commit);
        if (commit is null || folder is null || !Directory.Exists(folder))
        {
            if (hubError is not null && hubError.Failure != HubFailure.Unreachable) throw hubError;
            throw new HubException(HubFailure.Unreachable,
                $"{reference} is not in the cache at {cache.CacheDirectory} and cannot be pulled: {why}" +
                (hubError is null ? "; unset HF_HUB_OFFLINE to pull it" : ""), hubError!);
        }
        IReadOnlyList<HubTreeEntry>? tree = HubTreeCache.Read(treeFolder, commit);
        List<string> files;
        if (tree is null)
        {
            // A snapshot made by a client that kept no listing: use it as it is, as snapshot_download does.
            files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(p => !p.StartsWith(".cache/", StringComparison.Ordinal) && glob.Includes(p)).ToList();
        }
        else
        {
            files = tree.Where(e => glob.Includes(e.Path)).Select(e => e.Path).ToList();
            List<string> absent = files.Where(p => !File.Exists(Path.Combine(folder, HubCacheLayout.LocalRelativePath(p)))).ToList();
            if (absent.Count > 0)
            {
                string sample = string.Join(", ", absent.Take(3)) + (absent.Count > 3 ? $", ... ({absent.Count - 3} more)" : "");
                throw new HubException(HubFailure.IncompleteSnapshot,
                    $"the cached snapshot of {reference} (commit {commit}) lacks {absent.Count} file(s): {sample}; it cannot be completed now: {why}. Pull again with the hub reachable");
            }
        }
        return new HubPullResult
        {
            Reference = reference,
            CommitHash = commit,
            Path = folder,
            Files = files,
            RepositoryFiles = tree?.Select(e => e.Path).ToList(),
            TotalBytes = files.Sum(p => HubCacheLayout.FileLength(Path.Combine(folder, HubCacheLayout.LocalRelativePath(p)))),
            OfflineReason = why,
        };
    }

    private async Task<HubPullResult> PullFileAsync(HubModelReference reference, HubPullOptions options, IProgressSink progress, CancellationToken ct)
    {
        string path = reference.FileName!;
        var cache = new HubCacheLayout(Settings.CacheDirectory, reference.RepoId);
        LocalDirLayout? local = options.LocalDirectory is null ? null : new LocalDirLayout(options.LocalDirectory);
        local?.Prepare();
        var request = new HubRequest(reference.RepoId, reference.Revision);
        using var task = new PullProgress(progress, reference.ToString());
        FileFetch fetched = local is null
            ? await FetchToCacheAsync(cache, request, path, task, ct).ConfigureAwait(false)
            : await FetchToLocalDirAsync(cache, local, request, path, task, ct).ConfigureAwait(false);
        return new HubPullResult
        {
            Reference = reference,
            CommitHash = fetched.CommitHash,
            Path = fetched.LocalPath,
            Files = [path],
            TotalBytes = HubCacheLayout.FileLength(fetched.LocalPath),
            BytesDownloaded = fetched.BytesReceived,
            FilesDownloaded = fetched.Downloaded ? 1 : 0,
            OfflineReason = fetched.OfflineReason,
        };
    }

    /// <summary>
    /// One file into the cache (<c>_hf_hub_download_to_cache_dir</c>): a pointer already there for a commit needs no
    /// request; otherwise HEAD tells the commit and ETag, a blob already there is only linked, and a missing one is
    /// downloaded under the blob's lock. A hub that cannot be asked leaves the pointer of the revision's last commit.
    /// </summary>
    private async Task<FileFetch> FetchToCacheAsync(HubCacheLayout cache, HubRequest request, string path, PullProgress task, CancellationToken ct)
    {
        bool isCommit = HubModelReference.CommitHash().IsMatch(request.Revision);
        if (isCommit && File.Exists(cache.PointerPath(request.Revision, path)))
        {
            return new FileFetch(request.Revision, cache.PointerPath(request.Revision, path), 0, false);
        }
        HubFileMetadata meta;
        try
        {
            meta = Settings.Offline
                ? throw new HubException(HubFailure.Unreachable, "HF_HUB_OFFLINE is set")
                : await _http.HeadAsync(request, path, ct).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Failure is not (HubFailure.RevisionNotFound or HubFailure.EntryNotFound or HubFailure.BadResponse))
        {
            if (cache.ReadRef(request.Revision) is { } known && File.Exists(cache.PointerPath(known, path)))
            {
                return new FileFetch(known, cache.PointerPath(known, path), 0, false, e.Message);
            }
            if (e.Failure != HubFailure.Unreachable) throw;
            throw new HubException(HubFailure.Unreachable, $"{request.RepoId}@{request.Revision}:{path} is not in the cache at {cache.CacheDirectory} and cannot be pulled: {e.Message}", e);
        }

        string pointer = cache.PointerPath(meta.CommitHash, path);
        cache.WriteRef(request.Revision, meta.CommitHash);
        if (File.Exists(pointer)) return new FileFetch(meta.CommitHash, pointer, 0, false);
        HubCacheLayout.TagCacheDirectory(cache.CacheDirectory);
        string blob = cache.BlobPath(meta.Etag);
        Uri resolve = _http.ResolveUrl(request.RepoId, request.Revision, path);
        using (await FileLock.AcquireAsync(cache.LockPath(meta.Etag), ct).ConfigureAwait(false))
        {
            if (File.Exists(blob))
            {
                if (!File.Exists(pointer)) HubCacheLayout.Link(blob, pointer, newBlob: false);
                return new FileFetch(meta.CommitHash, pointer, 0, false);
            }
            var job = new BlobJob(request with { Path = path }, meta.Location, HubHttp.SameHost(resolve, meta.Location),
                cache.IncompletePath(meta.Etag), blob, meta.Etag, meta.Size);
            task.BeginIfUnstarted(meta.Size);
            long received = await BlobDownload.RunAsync(_http, job, task, ct).ConfigureAwait(false);
            if (!File.Exists(pointer)) HubCacheLayout.Link(blob, pointer, newBlob: true);
            return new FileFetch(meta.CommitHash, pointer, received, true);
        }
    }

    /// <summary>
    /// One file into an <c>--out</c> folder (<c>_hf_hub_download_to_local_dir</c>): a file whose metadata says it is
    /// this commit's is kept; after HEAD, one with the same ETag (or, for an LFS file without metadata, the same
    /// sha256) is kept too; a copy in the cache is copied; otherwise it is downloaded.
    /// </summary>
    private async Task<FileFetch> FetchToLocalDirAsync(HubCacheLayout cache, LocalDirLayout local, HubRequest request, string path, PullProgress task, CancellationToken ct)
    {
        string target = local.FilePath(path);
        var recorded = local.ReadMetadata(path);
        bool isCommit = HubModelReference.CommitHash().IsMatch(request.Revision);
        if (isCommit && File.Exists(target) && recorded?.Commit == request.Revision) return new FileFetch(request.Revision, target, 0, false);

        HubFileMetadata meta;
        try
        {
            meta = Settings.Offline
                ? throw new HubException(HubFailure.Unreachable, "HF_HUB_OFFLINE is set")
                : await _http.HeadAsync(request, path, ct).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Failure is not (HubFailure.RevisionNotFound or HubFailure.EntryNotFound or HubFailure.BadResponse) && File.Exists(target))
        {
            return new FileFetch(recorded?.Commit ?? request.Revision, target, 0, false, e.Message);
        }
        cache.WriteRef(request.Revision, meta.CommitHash);

        using (await FileLock.AcquireAsync(local.LockPath(path), ct).ConfigureAwait(false))
        {
            if (File.Exists(target))
            {
                if (recorded?.Etag == meta.Etag || (recorded is null && meta.Etag.Length == 64 && await Sha256Async(target, ct).ConfigureAwait(false) == meta.Etag))
                {
                    local.WriteMetadata(path, meta.CommitHash, meta.Etag);
                    return new FileFetch(meta.CommitHash, target, 0, false);
                }
            }
            string cached = cache.PointerPath(meta.CommitHash, path);
            if (File.Exists(cached))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                string tmp = AtomicFile.TempPathFor(target);
                File.Copy(cached, tmp, overwrite: true);
                AtomicFile.Commit(tmp, target);
                local.WriteMetadata(path, meta.CommitHash, meta.Etag);
                return new FileFetch(meta.CommitHash, target, 0, false);
            }
            File.Delete(target);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Uri resolve = _http.ResolveUrl(request.RepoId, request.Revision, path);
            var job = new BlobJob(request with { Path = path }, meta.Location, HubHttp.SameHost(resolve, meta.Location),
                local.IncompletePath(path, meta.Etag), target, meta.Etag, meta.Size);
            task.BeginIfUnstarted(meta.Size);
            long received = await BlobDownload.RunAsync(_http, job, task, ct).ConfigureAwait(false);
            local.WriteMetadata(path, meta.CommitHash, meta.Etag);
            return new FileFetch(meta.CommitHash, target, received, true);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    private sealed record FileFetch(string CommitHash, string LocalPath, long BytesReceived, bool Downloaded, string? OfflineReason = null);
}
