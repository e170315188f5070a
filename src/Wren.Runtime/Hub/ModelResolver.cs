using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// What a verb's <c>--model</c> or <c>--base</c> names: a file or folder that exists is used as it is; otherwise a
/// hub model (<c>ORG/NAME</c>, <c>ORG/NAME@REVISION</c>, <c>ORG/NAME:FILE.gguf</c>) is pulled into the hub cache, or
/// found there (a cached snapshot costs one request for where its revision points, none offline), and its snapshot
/// folder or file is what the verb loads. Every verb goes through here, so all of them read names alike.
/// </summary>
public sealed class ModelResolver
{
    /// <summary>
    /// What a loader reads from a whole-repository pull: configs, tokenizer files, chat templates and the
    /// safetensors weights as <c>save_pretrained</c> names them (<c>model.safetensors</c>, its shards, a LoRA
    /// adapter's). Left out: <c>pytorch_model.bin</c>, ONNX, GGUF and the <c>consolidated</c> copies some
    /// repositories keep beside the same weights, which would double the download for nothing Wren reads.
    /// </summary>
    public static readonly IReadOnlyList<string> LoadableFiles =
        ["*.json", "*.jinja", "*.txt", "model.safetensors", "model-*-of-*.safetensors", "adapter_model.safetensors"];

    private readonly HubSettings _settings;
    private readonly HttpMessageHandler? _handler;

    /// <param name="settings">Where the hub and its cache are; <see cref="HubSettings.FromEnvironment()"/> by default.</param>
    /// <param name="handler">The HTTP handler (tests pass one); it must not follow redirects itself.</param>
    public ModelResolver(HubSettings? settings = null, HttpMessageHandler? handler = null)
    {
        _settings = settings ?? HubSettings.FromEnvironment();
        _handler = handler;
    }

    /// <summary>The hub model <paramref name="model"/> names, or null when it is a file or folder that exists here
    /// (a local path wins over a hub name spelled the same) or is no hub name at all (the loader then says what is missing).</summary>
    public static HubModelReference? HubReference(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (File.Exists(model) || Directory.Exists(model)) return null;
        return HubModelReference.TryParse(model, out var reference) ? reference : null;
    }

    /// <summary>What to call the model in <paramref name="folder"/> in files it is exported to: the NAME of a hub
    /// snapshot (not its commit hash), else the folder's own name.</summary>
    public static string ModelName(string folder)
    {
        string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return HubCacheLayout.RepoIdOfSnapshot(full) is { } repoId ? repoId[(repoId.IndexOf('/', StringComparison.Ordinal) + 1)..] : Path.GetFileName(full);
    }

    /// <summary>The local path to load for <paramref name="model"/>, pulling it first when it is a hub model (<see cref="LoadableFiles"/> of a repository, or its one named file).</summary>
    public async Task<ResolvedModel> ResolveAsync(string model, IProgressSink? progress = null, CancellationToken ct = default)
    {
        if (HubReference(model) is not { } reference) return new ResolvedModel(model, null);
        HubPullResult pulled;
        using (var pull = new HubPull(_settings, _handler))
        {
            try
            {
                pulled = await pull.PullAsync(reference, new HubPullOptions { Include = reference.FileName is null ? LoadableFiles : [] }, progress, ct).ConfigureAwait(false);
            }
            catch (HubException e) when (e.Failure is HubFailure.RepositoryNotFound or HubFailure.Unreachable)
            {
                // "out/model" spells a hub name too: a mistyped local folder must not read as only a network error.
                throw new HubException(e.Failure, $"'{model}' is no file or folder here, and as a Hugging Face model: {e.Message}", e) { StatusCode = e.StatusCode };
            }
        }
        if (reference.FileName is null && !pulled.Files.Any(IsWeightFile))
        {
            throw new WrenException(NoWeightsMessage(reference, pulled));
        }
        return new ResolvedModel(pulled.Path, pulled);
    }

    private static bool IsWeightFile(string path) => path.EndsWith(".safetensors", StringComparison.Ordinal);

    private static string NoWeightsMessage(HubModelReference reference, HubPullResult pulled)
    {
        List<string> ggufs = (pulled.RepositoryFiles ?? []).Where(p => p.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)).ToList();
        string where = $"{reference} (commit {pulled.CommitHash}) has no safetensors weights that Wren loads";
        return ggufs.Count > 0
            ? $"{where}; it holds {ggufs.Count} GGUF file(s): pull one as {reference.RepoId}{(reference.Revision == HubModelReference.DefaultRevision ? "" : "@" + reference.Revision)}:{ggufs.OrderBy(g => g.Contains("Q4_K_M", StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(g => g, StringComparer.Ordinal).First()}"
            : $"{where} (model.safetensors or model-*-of-*.safetensors); its files: {string.Join(", ", (pulled.RepositoryFiles ?? pulled.Files).Take(8))}";
    }
}
