using System.Globalization;
using Wren.Export.Gguf;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Tokenization;

namespace Wren.Export.HuggingFace;

/// <summary>
/// Brings a checkpoint trained elsewhere (PyTorch/transformers, e.g. the train.py of <c>wren handoff torchrun</c>)
/// back as a Wren model folder for eval, export and serving. Before writing, it checks the architecture,
/// every tensor the config implies (all missing and unexpected names are listed at once), shapes, weight
/// types and the tokenizer, with errors that name what is missing and where; after writing, that the model
/// computes finite logits.
/// </summary>
public static class HfCheckpointImporter
{
    private static readonly string[] PickleWeights = ["pytorch_model.bin", "pytorch_model.bin.index.json", "model.pt", "consolidated.00.pth"];

    public static HfImportResult Import(HfImportOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string source = ResolveCheckpoint(options.CheckpointDirectory);
        string configPath = Path.Combine(source, LlamaConfigJson.FileName);
        if (!File.Exists(configPath)) throw new WrenException($"{source}: config.json is missing (save the model with save_pretrained, which writes it)");
        LlamaConfig config = LlamaConfigJson.Load(configPath);

        bool hasSafetensors = File.Exists(Path.Combine(source, SafetensorsCheckpoint.SingleFileName)) || File.Exists(Path.Combine(source, SafetensorsCheckpoint.IndexFileName));
        if (!hasSafetensors)
        {
            string? pickle = PickleWeights.FirstOrDefault(name => File.Exists(Path.Combine(source, name)));
            throw new WrenException(pickle is null
                ? $"{source}: no weights: neither {SafetensorsCheckpoint.SingleFileName} nor {SafetensorsCheckpoint.IndexFileName}"
                : $"{source}: weights are in {pickle} (PyTorch pickle); Wren reads safetensors only: re-save with model.save_pretrained(dir, safe_serialization=True)");
        }

        if (!File.Exists(Path.Combine(source, "tokenizer.json")))
            throw new WrenException($"{source}: tokenizer.json is missing; copy the tokenizer files (tokenizer.json, tokenizer_config.json, special_tokens_map.json) of the model's tokenizer into it");
        BpeTokenizer.Load(source);

        List<string> dtypes;
        int files;
        using (var checkpoint = SafetensorsCheckpoint.Open(source))
        {
            CheckTensorNames(config, checkpoint, source);
            dtypes = checkpoint.TensorNames.Select(n => checkpoint.GetInfo(n).DType.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
            files = checkpoint.Files.Count;
        }

        // The runtime runs the checkpoint in place (BF16 shards included): a diverged run's NaNs stop the import here.
        if (!LogitsAreFinite(source))
            throw new WrenException($"{source}: the model computes NaN or infinite logits (the training run diverged or the weights are corrupt); nothing was imported");
        var written = HfModelExporter.Export(new HfExportOptions { ModelDirectory = source, OutputDirectory = options.OutputDirectory, DType = options.DType }, progress, cancellationToken);
        return new HfImportResult { SourceDirectory = source, SourceDTypes = dtypes, SourceFiles = files, Written = written, LogitsFinite = true };
    }

    /// <summary>The checkpoint folder itself, or its <c>final/</c>, or its newest <c>checkpoint-N/</c>.</summary>
    public static string ResolveCheckpoint(string path)
    {
        string full = Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new WrenException($"checkpoint folder not found: {full}");
        if (File.Exists(Path.Combine(full, LlamaConfigJson.FileName))) return full;
        string final = Path.Combine(full, "final");
        if (File.Exists(Path.Combine(final, LlamaConfigJson.FileName))) return final;
        string? newest = Directory.GetDirectories(full, "checkpoint-*")
            .Where(d => File.Exists(Path.Combine(d, LlamaConfigJson.FileName)))
            .Select(d => (Folder: d, Step: long.TryParse(Path.GetFileName(d)["checkpoint-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : -1))
            .Where(c => c.Step >= 0)
            .OrderBy(c => c.Step)
            .Select(c => c.Folder)
            .LastOrDefault();
        return newest ?? full;
    }

    /// <summary>Lists every tensor the config implies but the checkpoint lacks, and every one it has but should not.</summary>
    internal static void CheckTensorNames(LlamaConfig config, SafetensorsCheckpoint checkpoint, string source)
    {
        var expected = ExpectedTensorNames(config);
        var present = new HashSet<string>(checkpoint.TensorNames, StringComparer.Ordinal);
        var missing = expected.Where(n => !present.Contains(n)).ToList();
        var unexpected = present.Where(n => !expected.Contains(n) && !ArchitectureDescription.IsIgnorableHfTensor(n) && !(n == "lm_head.weight" && config.TieWordEmbeddings))
            .Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && unexpected.Count == 0) return;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"{missing.Count} tensor(s) missing: {Sample(missing)}");
        if (unexpected.Count > 0) parts.Add($"{unexpected.Count} tensor(s) not part of {config.ArchitectureName} with {config.NumHiddenLayers} layers: {Sample(unexpected)}");
        throw new WrenException($"{source}: the weights do not match config.json: {string.Join("; ", parts)}");
    }

    /// <summary>The Hugging Face tensor names of a model with this config, as its architecture's description lists them.</summary>
    public static HashSet<string> ExpectedTensorNames(LlamaConfig config) =>
        ModelArchitectures.Of(config.Architecture).TensorsOf(config).Select(t => t.HfName).ToHashSet(StringComparer.Ordinal);

    private static string Sample(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(6)) + (names.Count > 6 ? $", ... ({names.Count - 6} more)" : "");

    private static bool LogitsAreFinite(string folder)
    {
        using var model = LlamaModel.Load(folder);
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 1 });
        int[] prompt = BpeTokenizer.Load(folder).Encode("The quick brown fox", addSpecialTokens: false);
        if (prompt.Length == 0) prompt = [0];
        foreach (float logit in session.Prefill(prompt))
        {
            if (!float.IsFinite(logit)) return false;
        }

        return true;
    }
}
