using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Edge.Npm;
using Wren.Runtime.Diagnostics;

namespace Wren.Edge.Web;

/// <summary>
/// <c>wren export web</c>: a static folder that any static host or CDN serves and that runs the model in
/// the visitor's tab: <c>index.html</c> (the chat page), <c>wren.js</c> (<c>window.wren</c>),
/// <c>wren-runtime.mjs</c> (tokenizer, chat template, generation), <c>sw.js</c> (offline cache),
/// <c>engine/</c> (llama.cpp's WebAssembly build and the JavaScript tokenizer and template engine),
/// the model (<c>model.gguf</c>, <c>tokenizer.json</c>, <c>wren-model.json</c>), <c>_headers</c> (COOP/COEP
/// for hosts that read it, so the page gets threads) and the engine's licences.
/// </summary>
public static class WebSiteExporter
{
    private static readonly JsonSerializerOptions Compact = new();

    public static WebExportResult Export(WebExportOptions options, NpmPackageStore packages, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(packages);
        var clock = Stopwatch.StartNew();
        progress ??= NullProgressSink.Instance;
        EngineFiles engine = EdgeEngine.Resolve(packages, cancellationToken);
        return StagedFolder.Write(options.OutputDirectory, site =>
        {
            JsonObject manifest = EdgeModel.Write(options.ModelDirectory, options.Type, options.Name, site, progress, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            string engineDir = Path.Combine(site, "engine");
            Directory.CreateDirectory(engineDir);
            File.Copy(engine.WllamaModule, Path.Combine(engineDir, "wllama.js"));
            File.Copy(engine.WllamaWasm, Path.Combine(engineDir, "wllama.wasm"));
            File.Copy(engine.TokenizersModule, Path.Combine(engineDir, "tokenizers.mjs"));
            File.Copy(engine.JinjaModule, Path.Combine(engineDir, "jinja.mjs"));
            string licences = Path.Combine(site, "licenses");
            Directory.CreateDirectory(licences);
            foreach (var (name, path) in engine.Licences) File.Copy(path, Path.Combine(licences, name));

            File.WriteAllText(Path.Combine(site, "index.html"), EdgeAssets.Read("web/index.html"));
            File.WriteAllText(Path.Combine(site, "wren.js"), EdgeAssets.Read("web/wren.js"));
            File.WriteAllText(Path.Combine(site, "wren-runtime.mjs"), EdgeAssets.Read("shared/wren-runtime.mjs"));
            File.WriteAllText(Path.Combine(site, "_headers"), Headers);

            // The offline cache is named after this export, so a new export replaces the old one in visitors' browsers.
            manifest["cache"] = "wren-" + EdgeModel.Version(manifest);
            EdgeModel.Save(manifest, site);
            var precache = new JsonArray("./", "index.html", "wren.js", "wren-runtime.mjs", EdgeModel.ManifestFile, EdgeModel.TokenizerFile,
                "engine/wllama.js", "engine/wllama.wasm", "engine/tokenizers.mjs", "engine/jinja.mjs");
            string worker = EdgeAssets.Read("web/sw.js")
                .Replace("'__WREN_CACHE__'", JsonSerializer.Serialize(manifest["cache"]!.GetValue<string>()), StringComparison.Ordinal)
                .Replace("__WREN_PRECACHE__", precache.ToJsonString(Compact), StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(site, "sw.js"), worker);

            var files = Directory.EnumerateFiles(site, "*", SearchOption.AllDirectories)
                .Select(f => (Path.GetRelativePath(site, f).Replace('\\', '/'), new FileInfo(f).Length))
                .OrderBy(f => f.Item1, StringComparer.Ordinal).ToList();
            return new WebExportResult
            {
                OutputDirectory = Path.GetFullPath(options.OutputDirectory),
                Files = files,
                ModelBytes = manifest["model"]!["bytes"]!.GetValue<long>(),
                ModelName = manifest["name"]!.GetValue<string>(),
                Elapsed = clock.Elapsed,
            };
        });
    }

    // Netlify and Cloudflare Pages read _headers: with these the page is cross-origin isolated, which is what
    // lets the browser give it SharedArrayBuffer and so threads. Hosts that ignore the file get one thread.
    private const string Headers =
        "/*\n" +
        "  Cross-Origin-Opener-Policy: same-origin\n" +
        "  Cross-Origin-Embedder-Policy: require-corp\n" +
        "  Cross-Origin-Resource-Policy: same-origin\n";
}
