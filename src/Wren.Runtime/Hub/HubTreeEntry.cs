namespace Wren.Runtime.Hub;

/// <summary>
/// One file of a repository at a commit, as the tree API lists it and huggingface_hub's tree cache stores it
/// (<c>_tree_cache.py</c>'s <c>TreeCacheEntry</c>): its size, git blob id, and for LFS files their sha256 and size.
/// </summary>
internal sealed record HubTreeEntry(string Path, long Size, string BlobId, string? LfsSha256 = null, long? LfsSize = null, string? XetHash = null)
{
    /// <summary>What the hub's ETag for the file is: the sha256 of an LFS file, else the git blob id.</summary>
    public string Etag => LfsSha256 ?? BlobId;

    /// <summary>The file's real size (an LFS file's own, not its pointer's).</summary>
    public long FileSize => LfsSize ?? Size;
}
