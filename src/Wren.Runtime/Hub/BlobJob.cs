namespace Wren.Runtime.Hub;

/// <summary>One file to download: from where, into which <c>.incomplete</c> file, to which final path, and what it must be.</summary>
internal sealed record BlobJob(HubRequest Request, Uri Url, bool SendToken, string IncompletePath, string DestinationPath, string Etag, long Size)
{
    public string Describe() => $"{Request.RepoId}/{Request.Path} ({Request.Revision})";
}
