using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Export.Gguf;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Edge;

/// <summary>
/// The model files that the site and the worker both carry: the GGUF that llama.cpp runs, the model's
/// <c>tokenizer.json</c>, and <c>wren-model.json</c>, the manifest the JavaScript reads (name, context, chat
/// template with its bos/eos text, the stop ids llama.cpp ends on, the tokenizer settings tokenizers.js
/// reads). The GGUF is loaded back through Wren's runtime, so every figure in the manifest is what
/// <c>wren generate --model model.gguf</c> uses, the reference the tests compare the browser with.
/// </summary>
public static class EdgeModel
{
    public const string GgufFile = "model.gguf";
    public const string TokenizerFile = "tokenizer.json";
    public const string ManifestFile = "wren-model.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the three files into <paramref name="folder"/> and returns the manifest.</summary>
    /// <param name="name">The model's id in the page and the API (default: the folder's name).</param>
    public static JsonObject Write(string modelDirectory, GgufExportType type, string? name, string folder, IProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        string source = Path.GetFullPath(modelDirectory);
        if (File.Exists(source)) throw new WrenException($"'{modelDirectory}' is a file; pass the model folder (config.json, model.safetensors, tokenizer.json): the site needs its tokenizer.json");
        if (!Directory.Exists(source)) throw new WrenException($"model folder '{modelDirectory}' does not exist");
        if (!File.Exists(Path.Combine(source, TokenizerFile))) throw new WrenException($"'{modelDirectory}' has no tokenizer.json");
        Directory.CreateDirectory(folder);
        string gguf = Path.Combine(folder, GgufFile);
        GgufExportResult exported = GgufExporter.Export(new GgufExportOptions { ModelDirectory = source, OutputPath = gguf, Type = type, Name = name }, progress, cancellationToken);
        File.Copy(Path.Combine(source, TokenizerFile), Path.Combine(folder, TokenizerFile), overwrite: true);

        JsonObject manifest;
        using (var model = WrenModel.Load(gguf, ChatTemplates.Jinja))
        {
            manifest = new JsonObject
            {
                ["name"] = name ?? Wren.Runtime.Hub.ModelResolver.ModelName(source),
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["context"] = model.MaxContext,
                ["architecture"] = exported.Architecture,
                ["parameters"] = exported.ParameterCount,
                ["model"] = new JsonObject
                {
                    ["file"] = GgufFile,
                    ["type"] = type.ToString().ToLowerInvariant(),
                    ["bytes"] = exported.FileBytes,
                    ["sha256"] = Sha256(gguf),
                },
                ["tokenizer"] = new JsonObject { ["file"] = TokenizerFile, ["sha256"] = Sha256(Path.Combine(folder, TokenizerFile)) },
                ["tokenizerConfig"] = TokenizerConfig(source),
                ["chatTemplate"] = model.Template is null ? null : new JsonObject
                {
                    ["source"] = model.Template.Source,
                    ["bosToken"] = model.Template.BosToken,
                    ["eosToken"] = model.Template.EosToken,
                },
                ["stopIds"] = new JsonArray([.. model.StopTokenIds.Select(id => (JsonNode)id)]),
                ["engine"] = EdgeEngine.Description,
            };
        }
        return manifest;
    }

    /// <summary>Saves the manifest (after the caller added its own fields).</summary>
    public static void Save(JsonObject manifest, string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, ManifestFile), manifest.ToJsonString(Indented));

    /// <summary>A short hash of the manifest: names the offline cache of one export.</summary>
    public static string Version(JsonObject manifest) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString())))[..16];

    // tokenizers.js reads a few settings from tokenizer_config.json (extra special tokens, lower-casing);
    // the chat template travels on its own.
    private static JsonObject TokenizerConfig(string folder)
    {
        string path = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(path)) return [];
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not valid JSON ({e.Message})");
        }
        if (node is not JsonObject config) throw new WrenException($"{path}: expected a JSON object");
        config.Remove("chat_template");
        config.Remove("added_tokens_decoder");
        return config;
    }

    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
