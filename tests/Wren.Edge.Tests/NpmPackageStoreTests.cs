using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Wren.Edge.Npm;
using Wren.Runtime;

namespace Wren.Edge.Tests;

/// <summary>The engine's packages: from a node_modules folder, from the cache, or downloaded once and checked against the pinned integrity.</summary>
public sealed class NpmPackageStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wren-npm-").FullName;

    [Fact]
    public void ATarballFromTheRegistryIsCheckedUnpackedAndCachedOnce()
    {
        byte[] tarball = Tarball(("package/package.json", """{"name":"@demo/pkg","version":"1.2.3"}"""), ("package/dist/index.js", "export const x = 1;"));
        var package = new NpmPackage("@demo/pkg", "1.2.3", "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)));
        using var registry = new OneFileRegistry("/@demo/pkg/-/pkg-1.2.3.tgz", tarball);
        var store = new NpmPackageStore(cacheRoot: Path.Combine(_root, "cache"), registry: registry.Address);
        string folder = store.Resolve(package);
        Assert.Equal("export const x = 1;", File.ReadAllText(Path.Combine(folder, "dist", "index.js")));
        Assert.Equal(folder, store.Resolve(package));
        Assert.Equal(1, registry.Requests);
    }

    [Fact]
    public void ATarballThatDoesNotMatchItsIntegrityIsRefused()
    {
        byte[] tarball = Tarball(("package/package.json", """{"name":"pkg","version":"1.0.0"}"""));
        var package = new NpmPackage("pkg", "1.0.0", "sha512-" + Convert.ToBase64String(SHA512.HashData(Encoding.UTF8.GetBytes("something else"))));
        using var registry = new OneFileRegistry("/pkg/-/pkg-1.0.0.tgz", tarball);
        var store = new NpmPackageStore(cacheRoot: Path.Combine(_root, "cache"), registry: registry.Address);
        var e = Assert.Throws<WrenException>(() => store.Resolve(package));
        Assert.Contains("does not match its pinned integrity", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "cache", "pkg@1.0.0")));
    }

    [Fact]
    public void WithoutTheRegistryTheErrorSaysWhatToFetchAndHowToGiveIt()
    {
        var store = new NpmPackageStore(cacheRoot: Path.Combine(_root, "cache"), registry: new Uri($"http://127.0.0.1:{ClosedPort()}/"));
        var e = Assert.Throws<WrenException>(() => store.Resolve(EdgeEngine.Wllama));
        Assert.Contains("could not download @wllama/wllama@3.8.1", e.Message);
        Assert.Contains("--engine-from", e.Message);
    }

    [Fact]
    public void ANodeModulesFolderWithAnotherVersionIsNamedInTheError()
    {
        string pkg = Path.Combine(_root, "node_modules", "@wllama", "wllama");
        Directory.CreateDirectory(pkg);
        File.WriteAllText(Path.Combine(pkg, "package.json"), """{"name":"@wllama/wllama","version":"2.0.0"}""");
        var e = Assert.Throws<WrenException>(() => new NpmPackageStore(Path.Combine(_root, "node_modules")).Resolve(EdgeEngine.Wllama));
        Assert.Contains("2.0.0", e.Message);
        Assert.Contains("npm install @wllama/wllama@3.8.1", e.Message);
    }

    private static byte[] Tarball(params (string Name, string Text)[] files)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (name, text) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }
        return buffer.ToArray();
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A registry on loopback that serves one tarball at one path.</summary>
    private sealed class OneFileRegistry : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        public OneFileRegistry(string path, byte[] body)
        {
            Address = new Uri($"http://127.0.0.1:{ClosedPort()}/");
            _listener.Prefixes.Add(Address.ToString());
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext c;
                    try { c = await _listener.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                    Interlocked.Increment(ref _requests);
                    if (c.Request.Url!.AbsolutePath == path) { c.Response.ContentLength64 = body.Length; c.Response.OutputStream.Write(body); }
                    else c.Response.StatusCode = 404;
                    c.Response.Close();
                }
            });
        }

        public Uri Address { get; }

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose() => _listener.Close();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
