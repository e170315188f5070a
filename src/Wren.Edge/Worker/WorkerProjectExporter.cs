using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Wren.Edge.Npm;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Edge.Worker;

/// <summary>
/// <c>wren export worker</c>: a Cloudflare Workers project (module worker, <c>wrangler.toml</c>) that answers
/// OpenAI's <c>/v1/chat/completions</c> (JSON and server-sent events), <c>/v1/completions</c> and
/// <c>/v1/models</c> from the model running inside the worker: the same runtime as the web site, with
/// wllama's worker script run in the isolate (Workers have no Web Workers and compile WebAssembly only
/// from the bundle). The model is bundled when the upload fits Workers' script limit, else read from R2.
/// </summary>
public static class WorkerProjectExporter
{
    /// <summary>The wrangler the project's package.json pins (and the tests run).</summary>
    public const string WranglerVersion = "4.64.0";

    /// <summary>Where llama.cpp's memory starts: its code, data and stack fit in the first 8 MB.</summary>
    public const long InitialMemoryBytes = 16L << 20;

    public static WorkerExportResult Export(WorkerExportOptions options, NpmPackageStore packages, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(packages);
        if (!IsBucketName(options.Bucket)) throw new WrenException($"--bucket '{options.Bucket}' is not an R2 bucket name (3-63 lower-case letters, digits and '-')");
        var clock = Stopwatch.StartNew();
        progress ??= NullProgressSink.Instance;
        EngineFiles engine = EdgeEngine.Resolve(packages, cancellationToken);
        return StagedFolder.Write(options.OutputDirectory, project =>
        {
            string src = Path.Combine(project, "src");
            string modelDir = Path.Combine(src, "model");
            JsonObject manifest = EdgeModel.Write(options.ModelDirectory, options.Type, options.Name, modelDir, progress, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            string modelName = manifest["name"]!.GetValue<string>();
            string workerName = WorkerName(modelName);
            string modelKey = $"{Slug(modelName)}/{manifest["model"]!["sha256"]!.GetValue<string>()[..16]}.gguf";
            EdgeModel.Save(manifest, modelDir);

            string engineDir = Path.Combine(src, "engine");
            Directory.CreateDirectory(engineDir);
            File.Copy(engine.WllamaModule, Path.Combine(engineDir, "wllama.js"));
            File.WriteAllBytes(Path.Combine(engineDir, "wllama.wasm"), WasmMemoryImport.WithInitialPages(File.ReadAllBytes(engine.WllamaWasm), InitialMemoryBytes / 65536));
            File.Copy(engine.TokenizersModule, Path.Combine(engineDir, "tokenizers.mjs"));
            File.Copy(engine.JinjaModule, Path.Combine(engineDir, "jinja.mjs"));
            File.WriteAllText(Path.Combine(src, "wllama-in-isolate.mjs"), InIsolateModule(engine));
            File.WriteAllText(Path.Combine(src, "worker.mjs"), EdgeAssets.Read("worker/worker.mjs"));
            File.WriteAllText(Path.Combine(src, "wren-runtime.mjs"), EdgeAssets.Read("shared/wren-runtime.mjs"));
            string licences = Path.Combine(project, "licenses");
            Directory.CreateDirectory(licences);
            foreach (var (name, path) in engine.Licences) File.Copy(path, Path.Combine(licences, name));

            // What Workers count against the script limit: every module of the upload, compressed.
            string gguf = Path.Combine(modelDir, EdgeModel.GgufFile);
            long engineGzip = Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories).Where(f => f != gguf).Sum(GzipBytes);
            long modelGzip = GzipBytes(gguf);
            WorkerModelSource source = options.ModelSource switch
            {
                WorkerModelSource.Auto => engineGzip + modelGzip <= options.MaxBundleBytes ? WorkerModelSource.Bundle : WorkerModelSource.R2,
                var s => s,
            };
            long bundleGzip = engineGzip + (source == WorkerModelSource.Bundle ? modelGzip : 0);
            if (source == WorkerModelSource.R2)
            {
                // Out of src/, so wrangler does not bundle it: `wrangler r2 object put` uploads it (README).
                string r2 = Path.Combine(project, "r2");
                Directory.CreateDirectory(r2);
                File.Move(gguf, Path.Combine(r2, EdgeModel.GgufFile));
            }
            File.WriteAllText(Path.Combine(src, "model-source.mjs"), ModelSourceModule(source, modelKey));
            File.WriteAllText(Path.Combine(project, "wrangler.toml"), WranglerToml(workerName, source, options.Bucket, modelKey));
            File.WriteAllText(Path.Combine(project, "package.json"), PackageJson(workerName));
            File.WriteAllText(Path.Combine(project, "README.md"), Readme(workerName, modelName, source, options.Bucket, modelKey, bundleGzip, manifest));
            return new WorkerExportResult
            {
                OutputDirectory = Path.GetFullPath(options.OutputDirectory),
                WorkerName = workerName,
                ModelName = modelName,
                ModelSource = source,
                ModelKey = modelKey,
                BundleGzipBytes = bundleGzip,
                ModelBytes = manifest["model"]!["bytes"]!.GetValue<long>(),
                Elapsed = clock.Elapsed,
            };
        });
    }

    /// <summary>
    /// wllama's worker script and emscripten script inside one ES module (Assets/worker/wllama-in-isolate.mjs),
    /// with the one line that hands the emscripten runtime the bundled WebAssembly.Module. Fails clearly if a
    /// new wllama moved that line.
    /// </summary>
    internal static string InIsolateModule(EngineFiles engine)
    {
        string emscripten = File.ReadAllText(engine.WllamaEmscriptenScript);
        int moduleVar = emscripten.IndexOf("var Module", StringComparison.Ordinal);
        if (moduleVar < 0) throw new WrenException($"{engine.WllamaEmscriptenScript}: no 'var Module'; this wllama is not the one Wren was made for");
        // As wllama's ProxyToWorker does: the emscripten script fills the worker's Module instead of its own.
        emscripten = string.Concat(emscripten.AsSpan(0, moduleVar), "var ___Module", emscripten.AsSpan(moduleVar + "var Module".Length));
        string worker = File.ReadAllText(engine.WllamaWorkerScript);
        const string anchor = "Module = getWModuleConfig(argMainScriptBlob);";
        int at = worker.IndexOf(anchor, StringComparison.Ordinal);
        if (at < 0 || worker.IndexOf(anchor, at + 1, StringComparison.Ordinal) >= 0)
            throw new WrenException($"{engine.WllamaWorkerScript}: '{anchor}' is not there exactly once; this wllama is not the one Wren was made for");
        worker = worker.Insert(at + anchor.Length, " Module.instantiateWasm = WREN_INSTANTIATE; Module.INITIAL_MEMORY = INITIAL_MEMORY; // WREN");
        return EdgeAssets.Read("worker/wllama-in-isolate.mjs")
            .Replace("__WREN_INITIAL_MEMORY__", InitialMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__WREN_EMSCRIPTEN_CODE__", emscripten, StringComparison.Ordinal)
            .Replace("__WREN_LLAMA_WORKER_CODE__", worker, StringComparison.Ordinal);
    }

    private static string ModelSourceModule(WorkerModelSource source, string key) => source == WorkerModelSource.Bundle
        ? "// The model is part of the bundle (wrangler.toml imports .gguf files as ArrayBuffers).\n" +
          "import model from './model/model.gguf';\n\n" +
          "export const modelSource = 'bundle';\n" +
          "export const loadModelBytes = async () => model;\n"
        : "// The model is too large for the bundle: it is read from R2 once per isolate (the MODELS binding in wrangler.toml).\n" +
          "export const modelSource = 'r2';\n\n" +
          "export async function loadModelBytes(env) {\n" +
          "  const key = env.WREN_MODEL_KEY;\n" +
          "  if (!env.MODELS) throw new Error('the MODELS R2 binding is missing; see wrangler.toml');\n" +
          "  const object = await env.MODELS.get(key);\n" +
          "  if (!object) throw new Error(`the model is not in R2 under '${key}': upload it with npx wrangler r2 object put BUCKET/${key} --file r2/model.gguf`);\n" +
          "  return object.arrayBuffer();\n" +
          "}\n";

    private static string WranglerToml(string workerName, WorkerModelSource source, string bucket, string key)
    {
        var toml = new StringBuilder();
        toml.Append("# Written by wren export worker. Run locally: npx wrangler dev; publish: npx wrangler deploy.\n");
        toml.Append($"name = \"{workerName}\"\n");
        toml.Append("main = \"src/worker.mjs\"\n");
        toml.Append("compatibility_date = \"2025-09-01\"\n\n");
        toml.Append("# The GGUF model is imported as an ArrayBuffer; .wasm files are compiled at upload (Workers' default rule).\n");
        toml.Append("[[rules]]\ntype = \"Data\"\nglobs = [\"**/*.gguf\"]\nfallthrough = false\n");
        if (source == WorkerModelSource.R2)
        {
            toml.Append("\n# The model lives in R2 (too large for the bundle); README.md says how to upload it.\n");
            toml.Append($"[[r2_buckets]]\nbinding = \"MODELS\"\nbucket_name = \"{bucket}\"\n\n");
            toml.Append($"[vars]\nWREN_MODEL_KEY = \"{key}\"\n");
        }
        return toml.ToString();
    }

    private static string PackageJson(string workerName) =>
        new JsonObject
        {
            ["name"] = workerName,
            ["private"] = true,
            ["description"] = "An OpenAI-compatible endpoint running a Wren model inside a Cloudflare Worker (written by wren export worker).",
            ["scripts"] = new JsonObject { ["dev"] = "wrangler dev", ["deploy"] = "wrangler deploy" },
            ["devDependencies"] = new JsonObject { ["wrangler"] = WranglerVersion },
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static string Readme(string workerName, string modelName, WorkerModelSource source, string bucket, string key, long bundleGzip, JsonObject manifest)
    {
        var r = new StringBuilder();
        r.Append($"# {workerName}: {modelName} at the edge\n\n");
        r.Append("An OpenAI-compatible API (`/v1/chat/completions` with JSON or `\"stream\": true`, `/v1/completions`, `/v1/models`, `/health`) ");
        r.Append($"answered by the model itself, running inside the worker: llama.cpp's WebAssembly build ({EdgeEngine.Description}) on `src/model/model.gguf` ");
        r.Append($"({manifest["model"]!["type"]}, {manifest["model"]!["bytes"]} bytes), with Wren's tokenizer and chat template in JavaScript, so greedy answers are the tokens `wren generate` gives.\n\n");
        r.Append("```bash\nnpm install          # wrangler\nnpx wrangler dev     # http://127.0.0.1:8787/v1/chat/completions, in workerd on this machine\n");
        if (source == WorkerModelSource.R2)
        {
            r.Append($"npx wrangler r2 object put {bucket}/{key} --file r2/model.gguf --local    # for wrangler dev\n");
            r.Append($"npx wrangler r2 bucket create {bucket} && npx wrangler r2 object put {bucket}/{key} --file r2/model.gguf --remote\n");
        }
        r.Append("npx wrangler deploy  # publish to your Cloudflare account\n```\n\n");
        r.Append($"The upload is {bundleGzip / 1e6:F1} MB gzip-compressed ");
        r.Append(source == WorkerModelSource.Bundle
            ? "with the model inside it. Workers accept 3 MB on the free plan and 10 MB on the paid one.\n\n"
            : $"without the model, which the worker reads from the R2 bucket `{bucket}` (key `{key}`) on its first request and keeps for the isolate's life.\n\n");
        r.Append("Limits: an isolate has 128 MB of memory, which holds the model's weights once loaded, the KV cache and llama.cpp's buffers ");
        r.Append("(`/health` reports `wasm_heap_bytes`); the model file is also held while it loads. A model up to about 40 MB (a ~40M-parameter Q8_0) fits; ");
        r.Append("larger ones do not run in a Worker. Workers have no threads, so the model runs on one core; generation needs CPU time ");
        r.Append("beyond the free plan's 10 ms per request, so use the paid plan (30 s by default, up to 5 minutes with `limits.cpu_ms`).\n");
        return r.ToString();
    }

    private static long GzipBytes(string path)
    {
        using var counter = new CountingStream();
        using (var gzip = new GZipStream(counter, CompressionLevel.Optimal, leaveOpen: true))
        using (var input = File.OpenRead(path))
            input.CopyTo(gzip);
        return counter.Length;
    }

    private static string WorkerName(string modelName) => ("wren-" + Slug(modelName)) is var n && n.Length <= 63 ? n.TrimEnd('-') : n[..63].TrimEnd('-');

    private static string Slug(string text)
    {
        var s = new StringBuilder();
        foreach (char c in text.ToLowerInvariant()) s.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        string slug = s.ToString().Trim('-');
        return slug.Length == 0 ? "model" : slug;
    }

    private static bool IsBucketName(string name) =>
        name.Length is >= 3 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && name[0] != '-' && name[^1] != '-';

    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
