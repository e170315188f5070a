namespace Wren.Edge.Tests;

/// <summary>
/// tests/peers/edge: the engine's npm packages (the versions Wren pins, installed by ./test.sh's npm ci) that
/// the exports take through --engine-from, and wrangler, which runs the exported worker in workerd.
/// </summary>
internal static class EdgePeers
{
    public static string? Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "peers", "edge");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        return null;
    }

    /// <summary>The node_modules folder, or a skip with the reason (./test.sh fails on any skip).</summary>
    public static string NodeModules()
    {
        string? folder = Folder();
        Skip.If(folder is null, "tests/peers/edge not found above the test assembly");
        string modules = Path.Combine(folder!, "node_modules");
        Skip.IfNot(File.Exists(Path.Combine(modules, "@wllama", "wllama", "package.json")), "tests/peers/edge/node_modules is missing: run npm ci there (./test.sh does)");
        return modules;
    }

    public static string Wrangler()
    {
        string path = Path.Combine(NodeModules(), ".bin", "wrangler");
        Skip.IfNot(File.Exists(path), "wrangler is not installed in tests/peers/edge (npm ci there; ./test.sh does)");
        return path;
    }

    public static void RequireChromium() =>
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is not installed at /usr/bin/chromium: run ./test.sh as root (or apt-get install -y chromium)");
}
