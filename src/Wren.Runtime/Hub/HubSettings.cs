namespace Wren.Runtime.Hub;

/// <summary>
/// Where the hub is, where its cache lives and who the user is, read from the same environment variables
/// huggingface_hub reads (<c>constants.py</c> and <c>utils/_auth.py</c> at huggingface/huggingface_hub@ee0a4510),
/// so a model pulled by Wren is found by transformers and the other way round.
/// </summary>
public sealed record HubSettings
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The hub's base URL without a trailing '/': <c>HF_ENDPOINT</c>, for a mirror.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The hub cache (<c>HF_HUB_CACHE</c>, else <c>HF_HOME/hub</c>), which holds <c>models--ORG--NAME/</c>.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>The access token (<c>HF_TOKEN</c>, else the token file), sent as <c>Authorization: Bearer</c> to the hub only.</summary>
    public string? Token { get; init; }

    /// <summary>Where <see cref="Token"/> came from, for messages ("HF_TOKEN" or the token file's path); or where one would go.</summary>
    public string TokenSource { get; init; } = "HF_TOKEN";

    /// <summary><c>HF_HUB_OFFLINE</c>: no request at all; only complete cached snapshots are used.</summary>
    public bool Offline { get; init; }

    /// <summary>Files downloaded at once (huggingface_hub's <c>snapshot_download(max_workers=8)</c>).</summary>
    public int MaxWorkers { get; init; } = 8;

    /// <summary>How long a metadata request (HEAD, API) may take: <c>HF_HUB_ETAG_TIMEOUT</c>, 10 s by default.</summary>
    public TimeSpan MetadataTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a download may go without receiving a byte: <c>HF_HUB_DOWNLOAD_TIMEOUT</c>, 10 s by default.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause before a download that lost its connection resumes (huggingface_hub sleeps 1 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The settings of this process's environment.</summary>
    public static HubSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads <c>HF_ENDPOINT</c>, <c>HF_HOME</c> (else <c>XDG_CACHE_HOME/huggingface</c>, else <c>~/.cache/huggingface</c>),
    /// <c>HF_HUB_CACHE</c> (or the older <c>HUGGINGFACE_HUB_CACHE</c>), <c>HF_TOKEN</c> (or <c>HUGGING_FACE_HUB_TOKEN</c>),
    /// else the token file <c>HF_TOKEN_PATH</c> (<c>HF_HOME/token</c>, what <c>hf auth login</c> writes),
    /// <c>HF_HUB_OFFLINE</c> (or <c>TRANSFORMERS_OFFLINE</c>) and the two timeouts.
    /// </summary>
    public static HubSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment(name) is { Length: > 0 } v ? v : null;
        string home = Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string Expand(string path) => ExpandUser(ExpandVariables(path, Get), home);

        string hfHome = Expand(Get("HF_HOME") ?? Path.Combine(Get("XDG_CACHE_HOME") ?? Path.Combine(home, ".cache"), "huggingface"));
        string cache = Expand(Get("HF_HUB_CACHE") ?? Get("HUGGINGFACE_HUB_CACHE") ?? Path.Combine(hfHome, "hub"));
        string tokenPath = Expand(Get("HF_TOKEN_PATH") ?? Path.Combine(hfHome, "token"));

        string? token = CleanToken(Get("HF_TOKEN"));
        string tokenSource = "HF_TOKEN";
        if (token is null && CleanToken(Get("HUGGING_FACE_HUB_TOKEN")) is { } legacy)
        {
            token = legacy;
            tokenSource = "HUGGING_FACE_HUB_TOKEN";
        }
        if (token is null)
        {
            token = ReadTokenFile(tokenPath);
            tokenSource = token is null ? "HF_TOKEN" : tokenPath;
        }

        return new HubSettings
        {
            Endpoint = (Get("HF_ENDPOINT") ?? DefaultEndpoint).TrimEnd('/'),
            CacheDirectory = cache,
            Token = token,
            TokenSource = tokenSource,
            Offline = IsTrue(Get("HF_HUB_OFFLINE") ?? Get("TRANSFORMERS_OFFLINE")),
            MetadataTimeout = Seconds(Get("HF_HUB_ETAG_TIMEOUT"), 10),
            DownloadTimeout = Seconds(Get("HF_HUB_DOWNLOAD_TIMEOUT"), 10),
        };
    }

    /// <summary>huggingface_hub's <c>_is_true</c>: 1, ON, YES or TRUE in any case.</summary>
    private static bool IsTrue(string? value) =>
        value is not null && value.ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static TimeSpan Seconds(string? value, double fallback) =>
        TimeSpan.FromSeconds(double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 ? s : fallback);

    /// <summary>huggingface_hub's <c>_clean_token</c>: no line breaks, no surrounding spaces, empty means none.</summary>
    private static string? CleanToken(string? token) =>
        token?.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim() is { Length: > 0 } t ? t : null;

    private static string? ReadTokenFile(string path)
    {
        try
        {
            return CleanToken(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Python's <c>os.path.expanduser</c> for a leading <c>~</c>.</summary>
    private static string ExpandUser(string path, string home) =>
        path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path;

    /// <summary>Python's <c>os.path.expandvars</c>: <c>$NAME</c> and <c>${NAME}</c>; unknown names stay as written.</summary>
    private static string ExpandVariables(string path, Func<string, string?> get)
    {
        if (!path.Contains('$', StringComparison.Ordinal)) return path;
        var sb = new System.Text.StringBuilder(path.Length);
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] != '$' || i + 1 >= path.Length)
            {
                sb.Append(path[i]);
                continue;
            }
            bool braced = path[i + 1] == '{';
            int start = braced ? i + 2 : i + 1;
            int end = start;
            while (end < path.Length && (char.IsAsciiLetterOrDigit(path[end]) || path[end] == '_')) end++;
            if (end == start || (braced && (end >= path.Length || path[end] != '}')))
            {
                sb.Append(path[i]);
                continue;
            }
            string name = path[start..end];
            string? value = get(name);
            int consumed = braced ? end + 1 : end;
            sb.Append(value ?? path[i..consumed]);
            i = consumed - 1;
        }
        return sb.ToString();
    }
}
