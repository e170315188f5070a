namespace Wren.Runtime.Hub;

/// <summary>What a request was about, so an error can name the model, revision and file.</summary>
internal sealed record HubRequest(string RepoId, string Revision, string? Path = null);
