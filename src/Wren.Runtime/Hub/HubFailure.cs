namespace Wren.Runtime.Hub;

/// <summary>Why a pull failed, as huggingface_hub tells its errors apart (<c>utils/_http.py</c>'s <c>hf_raise_for_status</c>).</summary>
public enum HubFailure
{
    /// <summary>No such repository, or a private/gated one asked for without a token (the hub answers 401 for both).</summary>
    RepositoryNotFound,

    /// <summary>The repository has no such branch, tag or commit.</summary>
    RevisionNotFound,

    /// <summary>The revision has no such file.</summary>
    EntryNotFound,

    /// <summary>A gated repository: its conditions must be accepted on the hub, and a token with access sent.</summary>
    Gated,

    /// <summary>The token was refused, or lacks a permission the repository needs.</summary>
    AccessDenied,

    /// <summary>The hub could not be reached and the cache cannot stand in for it.</summary>
    Unreachable,

    /// <summary>A cached snapshot exists but lacks files and the hub could not be asked for them.</summary>
    IncompleteSnapshot,

    /// <summary>Downloaded bytes did not match the size or hash the hub announced; nothing was kept.</summary>
    IntegrityCheckFailed,

    /// <summary>The server answered in a way the hub never does (no commit header, no ETag, an error status).</summary>
    BadResponse,
}
