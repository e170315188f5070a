namespace Wren.Edge;

/// <summary>The site's and the worker's own scripts, embedded in this assembly (<c>Assets/</c>).</summary>
internal static class EdgeAssets
{
    /// <param name="relative">The path under Assets/, with '/' (e.g. "web/index.html").</param>
    public static string Read(string relative)
    {
        // The csproj names each resource "Wren.Edge.Assets." + its folder and file name, folders kept as written.
        string name = "Wren.Edge.Assets." + relative;
        using Stream stream = typeof(EdgeAssets).Assembly.GetManifestResourceStream(name)
            ?? typeof(EdgeAssets).Assembly.GetManifestResourceStream(name.Replace('/', '\\'))
            ?? throw new InvalidOperationException($"asset {relative} is not embedded in Wren.Edge");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
