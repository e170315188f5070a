using System.Text.RegularExpressions;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// One repository's place in the hub cache, laid out as huggingface_hub lays it (<c>file_download.py</c> at
/// huggingface/huggingface_hub@ee0a4510), so transformers, vLLM and <c>hf cache</c> find what Wren pulled:
/// <code>
/// CACHE/models--ORG--NAME/
///   refs/main                      the commit hash main pointed at when last pulled
///   blobs/ETAG                     each file's bytes, named by its ETag (sha256 for LFS files, git blob sha1 otherwise)
///   blobs/ETAG.incomplete          a download under way (resumed from where it stopped)
///   snapshots/COMMIT/PATH          a relative symlink to ../../blobs/ETAG
///   trees/COMMIT.json              the commit's file listing
/// CACHE/.locks/models--ORG--NAME/ETAG.lock
/// </code>
/// </summary>
internal sealed partial class HubCacheLayout
{
    private const string CacheDirTag =
        "Signature: 8a477f597d28d172789f06886806bc55\n" +
        "# This file is a cache directory tag created by huggingface_hub.\n" +
        "# For information about cache directory tags, see:\n" +
        "#\thttps://bford.info/cachedir/\n";

    public HubCacheLayout(string cacheDirectory, string repoId)
    {
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        RepoId = repoId;
        StorageFolder = Path.Combine(CacheDirectory, FolderName(repoId));
    }

    public string CacheDirectory { get; }

    public string RepoId { get; }

    /// <summary><c>CACHE/models--ORG--NAME</c>.</summary>
    public string StorageFolder { get; }

    /// <summary>huggingface_hub's <c>repo_folder_name</c>: <c>models--ORG--NAME</c>.</summary>
    public static string FolderName(string repoId) => "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);

    /// <summary>ORG/NAME for a snapshot folder of a hub cache (<c>.../models--ORG--NAME/snapshots/COMMIT</c>), else null:
    /// a model loaded from the cache is named as the hub names it, not by its commit hash.</summary>
    public static string? RepoIdOfSnapshot(string folder)
    {
        var snapshot = new DirectoryInfo(folder.TrimEnd(Path.DirectorySeparatorChar));
        if (snapshot.Parent is not { Name: "snapshots" } snapshots || snapshots.Parent is not { } storage) return null;
        if (!storage.Name.StartsWith("models--", StringComparison.Ordinal)) return null;
        string[] parts = storage.Name["models--".Length..].Split("--");
        return parts.Length == 2 && parts.All(p => p.Length > 0) ? parts[0] + "/" + parts[1] : null;
    }

    public string SnapshotFolder(string commit) => Path.Combine(StorageFolder, "snapshots", commit);

    public string PointerPath(string commit, string repoPath) => Path.Combine(SnapshotFolder(commit), LocalRelativePath(repoPath));

    public string BlobPath(string etag) => Path.Combine(StorageFolder, "blobs", CheckEtag(etag));

    public string IncompletePath(string etag) => BlobPath(etag) + ".incomplete";

    public string LockPath(string etag) => Path.Combine(CacheDirectory, ".locks", FolderName(RepoId), CheckEtag(etag) + ".lock");

    private string RefPath(string revision) => Path.Combine(StorageFolder, "refs", LocalRelativePath(revision));

    /// <summary>The commit a branch or tag pointed at when last pulled (a commit hash is its own answer).</summary>
    public string? ReadRef(string revision)
    {
        if (HubModelReference.CommitHash().IsMatch(revision)) return revision;
        try
        {
            return File.ReadAllText(RefPath(revision)).Trim() is { Length: > 0 } commit ? commit : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records what a branch or tag points at (<c>_cache_commit_hash_for_specific_revision</c>): only when it
    /// changed, atomically, and never for a commit hash.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit) return;
        if (ReadRef(revision) == commit) return;
        // huggingface_hub writes the bare hash, no newline; tools compare the text.
        string path = RefPath(revision);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string tmp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllText(tmp, commit);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The cache's CACHEDIR.TAG, so backup tools skip it (<c>_create_cachedir_tag</c>).</summary>
    public static void TagCacheDirectory(string directory)
    {
        string tag = Path.Combine(directory, "CACHEDIR.TAG");
        if (File.Exists(tag)) return;
        try
        {
            AtomicFile.WriteAllText(tag, CacheDirTag);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Points a snapshot path at its blob with a relative symlink (<c>_create_symlink</c>), so the cache survives
    /// being moved. The link is made under a temporary name and renamed into place, so a reader never sees a
    /// half-made pointer. Where symlinks cannot be made (Windows without the privilege) the blob is moved there
    /// when it is new, else copied, as huggingface_hub does.
    /// </summary>
    public static void Link(string blobPath, string pointerPath, bool newBlob)
    {
        string folder = Path.GetDirectoryName(pointerPath)!;
        Directory.CreateDirectory(folder);
        string relative = Path.GetRelativePath(folder, blobPath);
        string tmp = Path.Combine(folder, "." + Path.GetFileName(pointerPath) + "." + Guid.NewGuid().ToString("N")[..8] + ".link");
        try
        {
            File.CreateSymbolicLink(tmp, relative);
            File.Move(tmp, pointerPath, overwrite: true);
        }
        catch (Exception e) when (OperatingSystem.IsWindows() && e is IOException or UnauthorizedAccessException)
        {
            AtomicFile.TryDelete(tmp);
            if (newBlob) File.Move(blobPath, pointerPath, overwrite: true);
            else File.Copy(blobPath, pointerPath, overwrite: true);
        }
    }

    /// <summary>A repository path as a relative local path, refused when it would leave the folder it is joined to
    /// (huggingface_hub's <c>_validate_relative_filename</c>): absolute, drive or UNC paths and '..' segments.</summary>
    public static string LocalRelativePath(string repoPath)
    {
        ValidateRepoPath(repoPath);
        return Path.Combine(repoPath.Split('/'));
    }

    public static void ValidateRepoPath(string repoPath)
    {
        if (!IsSafeRepoPath(repoPath))
        {
            throw new HubException(HubFailure.BadResponse, $"refused the repository path '{repoPath}': it is empty, absolute, or climbs out of its folder with '..'");
        }
    }

    public static bool IsSafeRepoPath(string repoPath)
    {
        if (string.IsNullOrEmpty(repoPath) || repoPath.Contains('\0', StringComparison.Ordinal)) return false;
        string[] parts = repoPath.Replace('\\', '/').Split('/');
        if (parts[0].Length == 0) return false;
        foreach (string part in parts)
        {
            if (part is ".." || part.Length == 0 && parts.Length > 1) return false;
            if (part.Length >= 2 && part[1] == ':') return false;
        }
        return true;
    }

    /// <summary>An ETag becomes a file name; one that could name another file (a '/', "..") is a broken server.</summary>
    private static string CheckEtag(string etag) =>
        SafeEtag().IsMatch(etag) && etag is not "." and not ".."
            ? etag
            : throw new HubException(HubFailure.BadResponse, $"refused the ETag '{etag}': the hub's ETags are hex hashes, and this one cannot name a cache file");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex SafeEtag();

    /// <summary>The size of what a snapshot pointer (a link into <c>blobs/</c>) or a plain file holds; a link's own length is that of its target's name.</summary>
    public static long FileLength(string path)
    {
        var info = new FileInfo(path);
        return info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target ? target.Length : info.Length;
    }
}
