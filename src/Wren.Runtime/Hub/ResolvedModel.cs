namespace Wren.Runtime.Hub;

/// <summary>A <c>--model</c> made local: the path to load, and the pull that brought it when it was a hub model.</summary>
public sealed record ResolvedModel(string Path, HubPullResult? Pull);
