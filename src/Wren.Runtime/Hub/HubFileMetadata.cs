namespace Wren.Runtime.Hub;

/// <summary>
/// What a HEAD on a file's resolve URL tells (huggingface_hub's <c>HfFileMetadata</c>): the commit the revision
/// is at (<c>X-Repo-Commit</c>), the ETag the blob is stored under (<c>X-Linked-Etag</c>, else <c>ETag</c>), where
/// to download it from (the CDN's <c>Location</c>, else the resolve URL) and its size (<c>X-Linked-Size</c>, else
/// <c>Content-Length</c>).
/// </summary>
internal sealed record HubFileMetadata(string CommitHash, string Etag, Uri Location, long Size);
