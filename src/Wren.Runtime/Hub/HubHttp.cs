using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Wren.Runtime.Hub;

/// <summary>
/// The hub's HTTP API as huggingface_hub calls it (huggingface/huggingface_hub@ee0a4510: <c>hf_api.py</c>,
/// <c>file_download.py</c>, <c>utils/_http.py</c>, <c>utils/_pagination.py</c>):
/// <list type="bullet">
/// <item><c>GET {endpoint}/api/models/{repo}/revision/{rev}</c>: the commit a revision is at (<c>sha</c>);</item>
/// <item><c>GET {endpoint}/api/models/{repo}/tree/{commit}?recursive=true&amp;expand=false</c>: the files, paged by <c>Link: rel="next"</c>;</item>
/// <item><c>HEAD {endpoint}/{repo}/resolve/{rev}/{path}</c> with <c>Accept-Encoding: identity</c>, following only relative
/// redirects (a renamed repository), never the one to the CDN;</item>
/// <item><c>GET</c> of the file from where the HEAD pointed, following redirects and sending <c>Authorization</c>
/// only to the host it was meant for (the CDN's URL is signed; the token must not leak to it).</item>
/// </list>
/// Redirects are followed here rather than by the handler because .NET drops the Authorization header on every
/// redirect, even one to the same host, where the hub (a renamed repository) still needs it.
/// </summary>
internal sealed class HubHttp : IDisposable
{
    private const int MaxRedirects = 10;
    private static readonly ProductInfoHeaderValue UserAgent = new("wren", typeof(HubHttp).Assembly.GetName().Version?.ToString(3) ?? "0");
    private readonly HttpClient _client;
    private readonly HubSettings _settings;

    public HubHttp(HubSettings settings, HttpMessageHandler? handler)
    {
        _settings = settings;
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = settings.MetadataTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HubSettings Settings => _settings;

    public string Endpoint => _settings.Endpoint;

    /// <summary><c>hf_hub_url</c>: <c>{endpoint}/{repo}/resolve/{quote(rev, safe='')}/{quote(path)}</c>.</summary>
    public Uri ResolveUrl(string repoId, string revision, string path) =>
        new($"{Endpoint}/{repoId}/resolve/{Quote(revision, "")}/{Quote(path, "/")}");

    /// <summary><c>HfApi.model_info(revision=...)</c>'s URL.</summary>
    public Uri RepoInfoUrl(string repoId, string revision) => new($"{Endpoint}/api/models/{repoId}/revision/{Quote(revision, "")}");

    /// <summary><c>HfApi.list_repo_tree(recursive=True)</c>'s first page.</summary>
    public Uri TreeUrl(string repoId, string revision) => new($"{Endpoint}/api/models/{repoId}/tree/{Quote(revision, "")}?recursive=true&expand=false");

    /// <summary>The commit a branch or tag is at now (<c>repo_info(...).sha</c>).</summary>
    public async Task<string> GetCommitAsync(HubRequest request, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, RepoInfoUrl(request.RepoId, request.Revision), RedirectPolicy.All, null, _settings.MetadataTimeout, ct).ConfigureAwait(false);
        HubErrors.ThrowIfFailed(response, request, _settings);
        using JsonDocument doc = await ReadJsonAsync(response, request, ct).ConfigureAwait(false);
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("sha", out var sha) && sha.GetString() is { } commit && HubModelReference.CommitHash().IsMatch(commit))
        {
            return commit;
        }
        throw new HubException(HubFailure.BadResponse, $"{request.RepoId}: {RepoInfoUrl(request.RepoId, request.Revision)} gave no commit hash ('sha'); is {Endpoint} a Hugging Face hub?");
    }

    /// <summary>Every file of the repository at a commit, following the <c>Link: rel="next"</c> pages.</summary>
    public async Task<List<HubTreeEntry>> ListTreeAsync(HubRequest request, CancellationToken ct)
    {
        var entries = new List<HubTreeEntry>();
        Uri? page = TreeUrl(request.RepoId, request.Revision);
        for (int pages = 0; page is not null; pages++)
        {
            if (pages > 100_000) throw new HubException(HubFailure.BadResponse, $"{request.RepoId}: the tree listing never ends (over 100,000 pages)");
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, page, RedirectPolicy.All, null, _settings.MetadataTimeout, ct).ConfigureAwait(false);
            HubErrors.ThrowIfFailed(response, request, _settings);
            using JsonDocument doc = await ReadJsonAsync(response, request, ct).ConfigureAwait(false);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new HubException(HubFailure.BadResponse, $"{request.RepoId}: the tree listing at {page} is not a JSON array");
            foreach (JsonElement item in doc.RootElement.EnumerateArray())
            {
                if (item.TryGetProperty("type", out var type) && type.GetString() == "file") entries.Add(ParseTreeFile(item, request));
            }
            page = NextPage(response, page);
        }
        return entries;
    }

    /// <summary>
    /// <c>get_hf_file_metadata</c>: a HEAD on the resolve URL that follows only relative redirects, so it ends on
    /// the hub's own answer (a 302 to the CDN for an LFS file) and reads the commit, ETag, location and size from it.
    /// </summary>
    public async Task<HubFileMetadata> HeadAsync(HubRequest request, string path, CancellationToken ct)
    {
        Uri url = ResolveUrl(request.RepoId, request.Revision, path);
        using HttpResponseMessage response = await SendAsync(HttpMethod.Head, url, RedirectPolicy.RelativeOnly,
            r => r.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity")), _settings.MetadataTimeout, ct).ConfigureAwait(false);
        HubErrors.ThrowIfFailed(response, request with { Path = path }, _settings);

        string? commit = Header(response, "X-Repo-Commit");
        if (commit is null)
        {
            throw new HubException(HubFailure.BadResponse, $"{url} answered without X-Repo-Commit: {Endpoint} does not look like a Hugging Face hub (check HF_ENDPOINT, a proxy or a firewall in between)");
        }
        string? etag = NormalizeEtag(Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.ToString() ?? Header(response, "ETag"));
        if (etag is null) throw new HubException(HubFailure.BadResponse, $"{url} answered without an ETag, so the download could not be checked; refused");
        bool redirect = (int)response.StatusCode is >= 300 and < 400;
        long? size = long.TryParse(Header(response, "X-Linked-Size"), out long linked) ? linked : redirect ? null : response.Content.Headers.ContentLength;
        if (size is null) throw new HubException(HubFailure.BadResponse, $"{url} answered without X-Linked-Size or Content-Length, so the download could not be checked; refused");
        Uri location = Header(response, "Location") is { } loc && Uri.TryCreate(response.RequestMessage!.RequestUri!, loc, out var target) ? target : response.RequestMessage!.RequestUri!;
        return new HubFileMetadata(commit, etag, location, size.Value);
    }

    /// <summary>
    /// Starts downloading a file from <paramref name="url"/> (from <paramref name="rangeStart"/> on when above 0), following
    /// redirects; the token goes only where <paramref name="sendToken"/> allows and never across to another host.
    /// The caller reads the body and disposes the response.
    /// </summary>
    public Task<HttpResponseMessage> GetFileAsync(Uri url, bool sendToken, long rangeStart, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, url, RedirectPolicy.All, r =>
        {
            if (!sendToken) r.Headers.Authorization = null;
            if (rangeStart > 0) r.Headers.Range = new RangeHeaderValue(rangeStart, null);
        }, _settings.DownloadTimeout, ct);

    /// <summary>Whether two URLs share scheme, host and port (what <c>urlparse(...).netloc</c> compares).</summary>
    public static bool SameHost(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary><c>_normalize_etag</c>: strips a weak-validator prefix and the quotes.</summary>
    internal static string? NormalizeEtag(string? etag)
    {
        if (etag is null) return null;
        string e = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        e = e.Trim('"');
        return e.Length == 0 ? null : e;
    }

    /// <summary>Python's <c>urllib.parse.quote</c>: keeps letters, digits, <c>_.-~</c> and the given safe characters.</summary>
    internal static string Quote(string text, string safe)
    {
        var sb = new StringBuilder(text.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            char c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || safe.Contains(c, StringComparison.Ordinal))) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, RedirectPolicy policy, Action<HttpRequestMessage>? configure, TimeSpan timeout, CancellationToken ct)
    {
        bool sendToken = true;
        for (int hop = 0; ; hop++)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.UserAgent.Add(UserAgent);
            if (sendToken && _settings.Token is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            configure?.Invoke(request);
            sendToken = request.Headers.Authorization is not null;
            HttpResponseMessage response;
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timer.CancelAfter(timeout);
                try
                {
                    response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    request.Dispose();
                    throw new HubException(HubFailure.Unreachable, $"{url.GetLeftPart(UriPartial.Authority)} did not answer within {timeout.TotalSeconds:0.#} s ({method} {url.AbsolutePath})", e);
                }
                catch (HttpRequestException e)
                {
                    request.Dispose();
                    throw new HubException(HubFailure.Unreachable, $"could not reach {url.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);
                }
            }

            if ((int)response.StatusCode is < 300 or >= 400 || policy == RedirectPolicy.None || Header(response, "Location") is not { } location)
            {
                return response;
            }
            // urlparse(location).netloc == "": a path on the same host (a renamed repository), which keeps the token.
            bool relative = !location.Contains("://", StringComparison.Ordinal) && !location.StartsWith("//", StringComparison.Ordinal);
            if (policy == RedirectPolicy.RelativeOnly && !relative) return response;
            if (hop >= MaxRedirects)
            {
                response.Dispose();
                throw new HubException(HubFailure.BadResponse, $"{url} redirected more than {MaxRedirects} times");
            }
            Uri next;
            if (relative && policy == RedirectPolicy.RelativeOnly)
            {
                // _httpx_follow_relative_redirects_with_backoff replaces only the path and keeps the query.
                string pathOnly = location.Split('?', '#')[0];
                next = new Uri(url.GetLeftPart(UriPartial.Authority) + pathOnly + url.Query);
            }
            else if (!Uri.TryCreate(url, location, out next!))
            {
                response.Dispose();
                throw new HubException(HubFailure.BadResponse, $"{url} redirected to an address that is not a URL: '{location}'");
            }
            if (!SameHost(url, next)) sendToken = false;
            response.Dispose();
            url = next;
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, HubRequest request, CancellationToken ct)
    {
        try
        {
            await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(body, default, ct).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new HubException(HubFailure.BadResponse, $"{request.RepoId}: {response.RequestMessage?.RequestUri} did not answer JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new HubException(HubFailure.Unreachable, $"{request.RepoId}: the connection to {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Authority)} broke: {e.Message}", e);
        }
    }

    private static HubTreeEntry ParseTreeFile(JsonElement item, HubRequest request)
    {
        try
        {
            string path = item.GetProperty("path").GetString()!;
            long size = item.GetProperty("size").GetInt64();
            string oid = item.GetProperty("oid").GetString()!;
            string? lfsSha = null;
            long? lfsSize = null;
            if (item.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object)
            {
                lfsSha = lfs.GetProperty("oid").GetString();
                lfsSize = lfs.GetProperty("size").GetInt64();
            }
            string? xet = item.TryGetProperty("xetHash", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
            return new HubTreeEntry(path, size, oid, lfsSha, lfsSize, xet);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new HubException(HubFailure.BadResponse, $"{request.RepoId}: a tree entry lacks path, size or oid: {item.GetRawText()}", e);
        }
    }

    /// <summary>The GitHub-style <c>Link</c> header's <c>rel="next"</c> target (<c>response.links["next"]</c>).</summary>
    internal static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (string header in values)
        {
            foreach (string link in header.Split(','))
            {
                int open = link.IndexOf('<', StringComparison.Ordinal);
                int close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open) continue;
                string rest = link[(close + 1)..];
                bool isNext = rest.Split(';').Any(p => p.Trim().Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next");
                if (isNext && Uri.TryCreate(current, link[(open + 1)..close], out var next)) return next;
            }
        }
        return null;
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? values.FirstOrDefault() : null;

    private enum RedirectPolicy
    {
        None,
        RelativeOnly,
        All,
    }
}
