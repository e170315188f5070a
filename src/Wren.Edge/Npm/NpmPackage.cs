namespace Wren.Edge.Npm;

/// <summary>
/// One version of an npm package, pinned by the <c>sha512-...</c> integrity that the registry publishes
/// (the same string <c>package-lock.json</c> records), so a downloaded tarball is checked before use.
/// </summary>
public sealed record NpmPackage(string Name, string Version, string Integrity)
{
    /// <summary><c>name@version</c>, as npm writes it.</summary>
    public string Spec => $"{Name}@{Version}";

    /// <summary>The tarball's address under a registry (<c>{registry}/@scope/name/-/name-version.tgz</c>).</summary>
    public Uri TarballUri(Uri registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        string baseName = Name.Contains('/', StringComparison.Ordinal) ? Name[(Name.IndexOf('/', StringComparison.Ordinal) + 1)..] : Name;
        string root = registry.AbsoluteUri.EndsWith('/') ? registry.AbsoluteUri : registry.AbsoluteUri + "/";
        return new Uri($"{root}{Name}/-/{baseName}-{Version}.tgz");
    }
}
