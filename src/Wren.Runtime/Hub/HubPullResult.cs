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
}
