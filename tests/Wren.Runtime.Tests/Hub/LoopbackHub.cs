using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wren.Runtime.Tests.Hub;

/// <summary>
/// A Hugging Face hub on loopback (Kestrel, two random ports): the first port is the hub, serving its URL layout
/// and headers (<c>/api/models/ORG/NAME/revision/REV</c>, <c>/api/models/ORG/NAME/tree/REV</c> paged with
/// <c>Link</c>, <c>/ORG/NAME/resolve/REV/PATH</c> with <c>X-Repo-Commit</c>, <c>ETag</c>, <c>X-Linked-Etag</c>,
/// <c>X-Linked-Size</c>, <c>X-Error-Code</c>); the second is the CDN that LFS files redirect to (another host as
/// the client sees it). Faults are switched on per blob: a cut connection, a stall, 416 to every range, a range
/// ignored, corrupt bytes. Every request is recorded with its Range and Authorization headers.
/// </summary>
internal sealed class LoopbackHub : IAsyncDisposable
{
    private static readonly string[] LfsExtensions = [".safetensors", ".gguf", ".bin", ".pt", ".pth", ".onnx", ".model"];
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, HubRepo> _repos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _renamed = new(StringComparer.Ordinal);
    private int _inFlight;

    private LoopbackHub(WebApplication app, Uri endpoint, Uri cdn)
    {
        _app = app;
        Endpoint = endpoint;
        Cdn = cdn;
    }

    /// <summary>The hub, as HF_ENDPOINT names it (no trailing '/').</summary>
    public Uri Endpoint { get; }

    public string EndpointText => Endpoint.ToString().TrimEnd('/');

    public Uri Cdn { get; }

    public ConcurrentQueue<HubRequestRecord> Requests { get; } = new();

    /// <summary>Files per page of the tree listing.</summary>
    public int TreePageSize { get; set; } = 1000;

    /// <summary>Faults of the CDN (and of the hub for files it serves itself), by ETag.</summary>
    public ConcurrentDictionary<string, BlobFaults> Faults { get; } = new(StringComparer.Ordinal);

    /// <summary>Hold each file download until this many are under way (or 5 s pass), to show downloads overlap.</summary>
    public int HoldDownloadsUntilConcurrent { get; set; }

    /// <summary>The most file downloads under way at once.</summary>
    public int PeakConcurrentDownloads;

    public static async Task<LoopbackHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0);
        });
        WebApplication app = builder.Build();
        LoopbackHub? hub = null;
        app.Run(ctx => hub!.HandleAsync(ctx));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        hub = new LoopbackHub(app, addresses[0], addresses[1]);
        return hub;
    }

    /// <summary>A repository holding every file of <paramref name="folder"/>, its main branch at one commit.</summary>
    public HubRepo AddRepo(string repoId, string folder) =>
        AddRepo(repoId, Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes));

    public HubRepo AddRepo(string repoId, IReadOnlyDictionary<string, byte[]> files)
    {
        var entries = files.ToDictionary(kv => kv.Key, kv => HubFile.Create(kv.Value, LfsExtensions.Any(e => kv.Key.EndsWith(e, StringComparison.Ordinal))), StringComparer.Ordinal);
        string commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repoId + "\n" + string.Join("\n", entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + " " + e.Value.Etag)))));
        var repo = new HubRepo(repoId, entries, new ConcurrentDictionary<string, string>(StringComparer.Ordinal) { ["main"] = commit });
        _repos[repoId] = repo;
        return repo;
    }

    /// <summary>Makes <paramref name="oldId"/> redirect (relatively, as the hub does) to <paramref name="newId"/>.</summary>
    public void Rename(string oldId, string newId) => _renamed[oldId] = newId;

    public HubRequestRecord[] RequestsTo(string host) => Requests.Where(r => r.Host == host).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        bool cdn = ctx.Connection.LocalPort == Cdn.Port;
        string path = ctx.Request.Path.Value ?? "/";
        Requests.Enqueue(new HubRequestRecord(cdn ? "cdn" : "hub", ctx.Request.Method, path + ctx.Request.QueryString.Value,
            ctx.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null,
            ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null));
        if (cdn)
        {
            await ServeCdnAsync(ctx, path);
            return;
        }
        string[] parts = path.Trim('/').Split('/');
        if (parts.Length >= 6 && parts[0] == "api" && parts[1] == "models" && parts[4] == "revision")
        {
            await RepoInfoAsync(ctx, parts[2] + "/" + parts[3], Uri.UnescapeDataString(string.Join('/', parts[5..])));
        }
        else if (parts.Length >= 6 && parts[0] == "api" && parts[1] == "models" && parts[4] == "tree")
        {
            await TreeAsync(ctx, parts[2] + "/" + parts[3], Uri.UnescapeDataString(parts[5]));
        }
        else if (parts.Length >= 5 && parts[2] == "resolve")
        {
            await ResolveAsync(ctx, parts[0] + "/" + parts[1], Uri.UnescapeDataString(parts[3]), string.Join('/', parts[4..]));
        }
        else
        {
            ctx.Response.StatusCode = 404;
        }
    }

    private async Task RepoInfoAsync(HttpContext ctx, string repoId, string revision)
    {
        if (!FindRepo(ctx, repoId, out HubRepo? repo) || !FindRevision(ctx, repo, revision, out string? commit)) return;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = repoId,
            ["modelId"] = repoId,
            ["sha"] = commit,
            ["private"] = false,
            ["gated"] = repo.GrantedTokens is null ? false : "manual",
            ["siblings"] = repo.Files.Keys.Select(k => new Dictionary<string, string> { ["rfilename"] = k }).ToArray(),
        }));
    }

    private async Task TreeAsync(HttpContext ctx, string repoId, string revision)
    {
        if (!FindRepo(ctx, repoId, out HubRepo? repo) || !FindRevision(ctx, repo, revision, out _)) return;
        if (ctx.Request.Query["recursive"] != "true" || ctx.Request.Query["expand"] != "false")
        {
            ctx.Response.StatusCode = 400;
            return;
        }
        int cursor = int.TryParse(ctx.Request.Query["cursor"], out int c) ? c : 0;
        var all = repo.Files.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        var page = all.Skip(cursor).Take(TreePageSize).Select(f =>
        {
            var item = new Dictionary<string, object> { ["type"] = "file", ["oid"] = f.Value.GitBlobId, ["size"] = f.Value.IsLfs ? f.Value.Bytes.Length : f.Value.Bytes.Length, ["path"] = f.Key };
            if (f.Value.IsLfs) item["lfs"] = new Dictionary<string, object> { ["oid"] = f.Value.Sha256, ["size"] = f.Value.Bytes.Length, ["pointerSize"] = f.Value.Pointer.Length };
            return item;
        }).ToList();
        if (cursor + TreePageSize < all.Count)
        {
            ctx.Response.Headers["Link"] = $"<{EndpointText}/api/models/{repoId}/tree/{Uri.EscapeDataString(revision)}?recursive=true&expand=false&cursor={cursor + TreePageSize}>; rel=\"next\"";
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(page));
    }

    private async Task ResolveAsync(HttpContext ctx, string repoId, string revision, string filePath)
    {
        if (_renamed.TryGetValue(repoId, out string? renamed))
        {
            ctx.Response.StatusCode = 307;
            ctx.Response.Headers.Location = $"/{renamed}/resolve/{Uri.EscapeDataString(revision)}/{filePath}";
            return;
        }
        if (!FindRepo(ctx, repoId, out HubRepo? repo) || !FindRevision(ctx, repo, revision, out string? commit)) return;
        ctx.Response.Headers["X-Repo-Commit"] = commit;
        if (repo.GrantedTokens is { } granted)
        {
            string auth = ctx.Request.Headers.Authorization.ToString();
            if (auth.Length == 0)
            {
                Error(ctx, 401, "GatedRepo", $"Access to model {repoId} is restricted. You must have access to it and be authenticated to access it. Please log in.");
                return;
            }
            if (!granted.Contains(auth["Bearer ".Length..]))
            {
                Error(ctx, 403, "GatedRepo", $"Access to model {repoId} is restricted and you are not in the authorized list. Visit {EndpointText}/{repoId} to ask for access.");
                return;
            }
        }
        if (!repo.Files.TryGetValue(filePath, out HubFile? file))
        {
            Error(ctx, 404, "EntryNotFound", $"Entry not found");
            return;
        }
        if (file.IsLfs)
        {
            // The hub's own answer for an LFS file: a redirect to a signed CDN URL, the real ETag and size in X-Linked-*.
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.ETag = $"\"{file.GitBlobId}\"";
            ctx.Response.Headers["X-Linked-Etag"] = $"\"{file.Sha256}\"";
            ctx.Response.Headers["X-Linked-Size"] = file.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.Headers.Location = $"{Cdn.ToString().TrimEnd('/')}/repos/{file.Sha256[..2]}/{file.Sha256[2..4]}/{file.Sha256}?X-Amz-Signature=loopback&Expires=9999999999";
            ctx.Response.ContentLength = 0;
            return;
        }
        ctx.Response.Headers.ETag = $"\"{file.GitBlobId}\"";
        await ServeBytesAsync(ctx, file, file.GitBlobId);
    }

    private async Task ServeCdnAsync(HttpContext ctx, string path)
    {
        string sha = path.Split('/')[^1];
        HubFile? file = _repos.Values.SelectMany(r => r.Files.Values).FirstOrDefault(f => f.IsLfs && f.Sha256 == sha);
        if (file is null || !ctx.Request.Query.ContainsKey("X-Amz-Signature"))
        {
            ctx.Response.StatusCode = 403;
            return;
        }
        await ServeBytesAsync(ctx, file, file.Sha256);
    }

    private async Task ServeBytesAsync(HttpContext ctx, HubFile file, string etag)
    {
        BlobFaults faults = Faults.GetValueOrDefault(etag) ?? BlobFaults.None;
        byte[] bytes = faults.Corrupt ? Corrupted(file.Bytes) : file.Bytes;
        long start = 0;
        string range = ctx.Request.Headers.Range.ToString();
        if (range.Length > 0 && !faults.IgnoreRange)
        {
            if (faults.RefuseRanges || !range.StartsWith("bytes=", StringComparison.Ordinal) || !long.TryParse(range["bytes=".Length..].TrimEnd('-'), out start) || start >= bytes.Length)
            {
                ctx.Response.StatusCode = 416;
                ctx.Response.Headers.ContentRange = $"bytes */{bytes.Length}";
                return;
            }
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers.ContentRange = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }
        ctx.Response.ContentLength = bytes.Length - start;
        ctx.Response.ContentType = "application/octet-stream";
        if (HttpMethods.IsHead(ctx.Request.Method)) return;

        int now = Interlocked.Increment(ref _inFlight);
        try
        {
            int peak;
            while (now > (peak = Volatile.Read(ref PeakConcurrentDownloads)) && Interlocked.CompareExchange(ref PeakConcurrentDownloads, now, peak) != peak)
            {
            }
            if (HoldDownloadsUntilConcurrent > 1)
            {
                var until = DateTime.UtcNow.AddSeconds(5);
                while (Volatile.Read(ref PeakConcurrentDownloads) < HoldDownloadsUntilConcurrent && DateTime.UtcNow < until) await Task.Delay(10);
            }
            long end = bytes.Length;
            if (faults.TakeCut() is long cut) end = Math.Min(end, start + cut);
            long stallAt = faults.StallAfter is long stall ? Math.Min(end, start + stall) : -1;
            long at = start;
            while (at < end)
            {
                int n = (int)Math.Min(16 * 1024, (stallAt > at ? stallAt : end) - at);
                await ctx.Response.Body.WriteAsync(bytes.AsMemory((int)at, n));
                at += n;
                if (at == stallAt)
                {
                    await ctx.Response.Body.FlushAsync();
                    faults.Stalled.TrySetResult(at);
                    await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { });
                    return;
                }
            }
            if (end < bytes.Length)
            {
                await ctx.Response.Body.FlushAsync();
                ctx.Abort();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static byte[] Corrupted(byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[copy.Length / 2] ^= 0x5a;
        return copy;
    }

    private bool FindRepo(HttpContext ctx, string repoId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubRepo? repo)
    {
        if (_repos.TryGetValue(repoId, out repo)) return true;
        // The hub answers 401 to an anonymous request for a repository it will not show, 404 to an authenticated one.
        bool anonymous = ctx.Request.Headers.Authorization.Count == 0;
        Error(ctx, anonymous ? 401 : 404, "RepoNotFound", "Repository not found");
        return false;
    }

    private static bool FindRevision(HttpContext ctx, HubRepo repo, string revision, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? commit)
    {
        if (repo.Branches.TryGetValue(revision, out commit)) return true;
        if (repo.Branches.Values.Contains(revision))
        {
            commit = revision;
            return true;
        }
        Error(ctx, 404, "RevisionNotFound", $"Invalid rev id: {revision}");
        return false;
    }

    private static void Error(HttpContext ctx, int status, string code, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers["X-Error-Code"] = code;
        ctx.Response.Headers["X-Error-Message"] = message;
    }
}

/// <summary>One repository of the loopback hub.</summary>
internal sealed record HubRepo(string RepoId, IReadOnlyDictionary<string, HubFile> Files, ConcurrentDictionary<string, string> Branches)
{
    /// <summary>Null for an open repository; for a gated one, the tokens granted access.</summary>
    public HashSet<string>? GrantedTokens { get; set; }

    public string Commit => Branches["main"];
}

/// <summary>One file: its bytes, git blob id, and for LFS files the sha256 and the pointer git stores instead.</summary>
internal sealed record HubFile(byte[] Bytes, bool IsLfs, string GitBlobId, string Sha256, byte[] Pointer)
{
    /// <summary>What the hub's ETag for the file is (X-Linked-Etag for LFS).</summary>
    public string Etag => IsLfs ? Sha256 : GitBlobId;

    public static HubFile Create(byte[] bytes, bool lfs)
    {
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        byte[] pointer = Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {bytes.Length}\n");
        return new HubFile(bytes, lfs, GitSha1(lfs ? pointer : bytes), sha256, pointer);
    }

    public static string GitSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));
}

/// <summary>What a blob's server does wrong.</summary>
internal sealed class BlobFaults
{
    public static readonly BlobFaults None = new();
    private int _cutsLeft;

    /// <summary>Cut the connection after this many bytes of a response, for the next <see cref="Cuts"/> responses.</summary>
    public long? CutAfter { get; init; }

    public int Cuts
    {
        init => _cutsLeft = value;
    }

    /// <summary>Send this many bytes, then hang until the client goes away.</summary>
    public long? StallAfter { get; init; }

    public TaskCompletionSource<long> Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answer 416 to every Range request.</summary>
    public bool RefuseRanges { get; init; }

    /// <summary>Answer a Range request with 200 and the whole file.</summary>
    public bool IgnoreRange { get; init; }

    /// <summary>Serve bytes that differ from the file's (same length).</summary>
    public bool Corrupt { get; init; }

    public long? TakeCut() => CutAfter is long cut && Interlocked.Decrement(ref _cutsLeft) >= 0 ? cut : null;
}

/// <summary>A request the loopback hub received: "hub" or "cdn", method, path with query, Range and Authorization.</summary>
internal sealed record HubRequestRecord(string Host, string Method, string PathAndQuery, string? Range, string? Authorization);
