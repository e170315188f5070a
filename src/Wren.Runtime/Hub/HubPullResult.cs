namespace Wren.Runtime.Hub;

/// <summary>A finished pull: where the files are and what it cost.</summary>
public sealed record HubPullResult
{
    /// <summary>The model as asked for.</summary>
    public required HubModelReference Reference { get; init; }

    /// <summary>The commit the revision resolved to.</summary>
    public required string CommitHash { get; init; }

    /// <summary>The snapshot folder (<c>CACHE/models--ORG--NAME/snapshots/COMMIT</c>), the <c>--out</c> folder, or for a
    /// single-file pull the file itself: what a loader is given.</summary>
    public required string Path { get; init; }

    /// <summary>The repository paths pulled (those <see cref="HubPullOptions.Include"/> selected).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Every path the commit holds, when the listing is known (null for a single-file pull).</summary>
    public IReadOnlyList<string>? RepositoryFiles { get; init; }

    /// <summary>Bytes of the pulled files in all.</summary>
    public long TotalBytes { get; init; }

    /// <summary>Bytes received over the network in this pull (resumed parts and cached files not counted).</summary>
    public long BytesDownloaded { get; init; }

    /// <summary>Files that were downloaded now, not found in the cache.</summary>
    public int FilesDownloaded { get; init; }

    /// <summary>Why the hub was not asked (offline mode, or it could not be reached), when the cache alone served the pull.</summary>
    public string? OfflineReason { get; init; }

    /// <summary>
    /// Fails when <paramref name="include"/> selected none of the repository's files. huggingface_hub returns an empty
    /// snapshot then; a command that fetched nothing because of a mistyped pattern says so, naming what there is.
    /// </summary>
    public void ThrowIfNothingMatched(IReadOnlyList<string> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        if (Files.Count > 0 || include.Count == 0) return;
        IReadOnlyList<string> all = RepositoryFiles ?? [];
        throw new HubException(HubFailure.EntryNotFound,
            $"no file of {Reference} (commit {CommitHash}) matches {string.Join(" ", include.Select(p => $"'{p}'"))}; it holds {all.Count} file(s): " +
            string.Join(", ", all.Take(8)) + (all.Count > 8 ? ", ..." : ""));
    }
}
