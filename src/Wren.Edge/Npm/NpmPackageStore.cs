using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Wren.Runtime;

namespace Wren.Edge.Npm;

/// <summary>
/// Finds the files of pinned npm packages for an export: in a <c>node_modules</c> folder the user names
/// (what <c>npm ci</c> installed), else in Wren's cache, else downloaded once from the npm registry, checked
/// against the pinned integrity and unpacked into the cache. Wren does not vendor these packages (the
/// llama.cpp WebAssembly build alone is 8.7 MB): a released tool fetches exactly the pinned bytes once, and
/// an offline machine is told what to fetch and where to put it.
/// </summary>
public sealed class NpmPackageStore
{
    /// <summary>The registry used when <c>npm_config_registry</c> is not set, as npm itself does.</summary>
    public static readonly Uri DefaultRegistry = new("https://registry.npmjs.org/");

    private readonly string? _nodeModules;
    private readonly string _cacheRoot;
    private readonly Uri _registry;
    private readonly HttpClient? _http;

    /// <param name="nodeModules">A folder holding the packages as <c>npm install</c> lays them out (null: none).</param>
    /// <param name="cacheRoot">Where downloaded packages are kept (default: <c>$WREN_CACHE/npm</c> or <c>~/.cache/wren/npm</c>).</param>
    /// <param name="registry">The registry (default: <c>npm_config_registry</c>, else registry.npmjs.org).</param>
    /// <param name="http">The client for downloads (tests pass one for a local registry).</param>
    public NpmPackageStore(string? nodeModules = null, string? cacheRoot = null, Uri? registry = null, HttpClient? http = null)
    {
        if (nodeModules is not null && !Directory.Exists(nodeModules)) throw new WrenException($"--engine-from '{nodeModules}' does not exist; name a node_modules folder that holds the packages");
        _nodeModules = nodeModules is null ? null : Path.GetFullPath(nodeModules);
        _cacheRoot = Path.GetFullPath(cacheRoot ?? DefaultCacheRoot());
        string? configured = Environment.GetEnvironmentVariable("npm_config_registry");
        _registry = registry ?? (string.IsNullOrWhiteSpace(configured) ? DefaultRegistry : new Uri(configured));
        _http = http;
    }

    /// <summary>The folder of <paramref name="package"/> (its <c>package.json</c> at the top), fetching it if needed.</summary>
    public string Resolve(NpmPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (_nodeModules is not null)
        {
            foreach (string candidate in new[] { Path.Combine(_nodeModules, package.Name), Path.Combine(_nodeModules, "node_modules", package.Name) })
            {
                if (!File.Exists(Path.Combine(candidate, "package.json"))) continue;
                string version = ReadVersion(candidate);
                if (version != package.Version) throw new WrenException($"{candidate} holds {package.Name} {version}; this Wren needs {package.Version} (npm install {package.Spec})");
                return candidate;
            }
            throw new WrenException($"{_nodeModules} has no {package.Name}; install it there (npm install {package.Spec}) or leave --engine-from out to download it");
        }
        string cached = Path.Combine(_cacheRoot, package.Name.Replace('/', '+') + "@" + package.Version);
        if (File.Exists(Path.Combine(cached, "package.json"))) return cached;
        Download(package, cached, cancellationToken);
        return cached;
    }

    private void Download(NpmPackage package, string destination, CancellationToken cancellationToken)
    {
        Uri uri = package.TarballUri(_registry);
        byte[] tarball;
        try
        {
            var http = _http ?? SharedHttp.Value;
            tarball = http.GetByteArrayAsync(uri, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new WrenException(
                $"could not download {package.Spec} from {uri} ({e.Message}). The export needs it once: connect to the npm registry " +
                $"(it is then kept in {_cacheRoot}), or install it with npm somewhere (npm install {package.Spec}) and pass that node_modules folder with --engine-from");
        }
        CheckIntegrity(package, tarball, uri);
        Directory.CreateDirectory(_cacheRoot);
        string temp = destination + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            Unpack(tarball, temp, uri);
            try
            {
                Directory.Move(temp, destination);
            }
            catch (IOException) when (File.Exists(Path.Combine(destination, "package.json")))
            {
                // Another export unpacked the same package meanwhile; its copy is as good as ours.
            }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Throws unless the bytes hash to the pinned <c>sha512-</c> integrity.</summary>
    internal static void CheckIntegrity(NpmPackage package, byte[] tarball, Uri from)
    {
        const string prefix = "sha512-";
        if (!package.Integrity.StartsWith(prefix, StringComparison.Ordinal)) throw new ArgumentException($"{package.Spec}: only sha512 integrity is supported", nameof(package));
        string actual = prefix + Convert.ToBase64String(SHA512.HashData(tarball));
        if (actual != package.Integrity)
        {
            throw new WrenException($"{from}: the tarball of {package.Spec} does not match its pinned integrity ({actual} instead of {package.Integrity}); refusing to use it");
        }
    }

    // npm tarballs hold one folder, "package/", with the files; a path that leaves it is refused.
    private static void Unpack(byte[] tarball, string destination, Uri from)
    {
        Directory.CreateDirectory(destination);
        string root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        using var gzip = new GZipStream(new MemoryStream(tarball), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            string name = entry.Name.Replace('\\', '/');
            int slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) continue;
            string target = Path.GetFullPath(Path.Combine(destination, name[(slash + 1)..]));
            if (!target.StartsWith(root, StringComparison.Ordinal)) throw new WrenException($"{from}: entry '{entry.Name}' points outside the package; refusing to unpack it");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
        if (!File.Exists(Path.Combine(destination, "package.json"))) throw new WrenException($"{from}: not an npm package (no package/package.json inside)");
    }

    private static string ReadVersion(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "package.json")));
        return doc.RootElement.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "";
    }

    private static string DefaultCacheRoot()
    {
        string? wren = Environment.GetEnvironmentVariable("WREN_CACHE");
        if (!string.IsNullOrWhiteSpace(wren) && wren != "off") return Path.Combine(wren, "npm");
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg, "wren", "npm");
    }

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(5) });
}
