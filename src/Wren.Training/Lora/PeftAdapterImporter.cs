using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Runtime.Tokenization;
using Wren.Training.Model;

namespace Wren.Training.Lora;

/// <summary>
/// Brings back a LoRA adapter trained elsewhere (PEFT's <c>save_pretrained</c>, e.g. by the <c>finetune.py</c> of
/// <c>wren handoff finetune</c>), checked: the config is LoRA without DoRA or rsLoRA, every tensor the config implies is
/// there with the shape the base model needs and nothing else is (PEFT's <c>modules_to_save</c> would be lost), and
/// the base with the adapter applied unmerged computes the same loss on a probe text as the merged model written by
/// <see cref="PeftAdapter.Merge"/> (what <c>wren merge</c> does), so the merged weights are the adapter's.
/// </summary>
public static class PeftAdapterImporter
{
    public const string AdapterFolderName = "adapter";

    /// <summary>The probe: text any tokenizer encodes to enough tokens.</summary>
    private const string Probe = "The committee met on Tuesday to review the quarterly report. Sales rose in the north and fell in the south, and the board asked why.";

    /// <summary>|adapter loss - merged loss| allowed: float32 sums in a different order.</summary>
    public const float Tolerance = 1e-3f;

    public static PeftAdapterImportResult Import(string adapterFolder, string baseFolder, string outputFolder)
    {
        adapterFolder = Path.GetFullPath(adapterFolder);
        baseFolder = Path.GetFullPath(baseFolder);
        if (!Directory.Exists(adapterFolder)) throw new WrenException($"--adapter '{adapterFolder}': no such folder");
        if (!Directory.Exists(baseFolder)) throw new WrenException($"--base '{baseFolder}': no such model folder");
        var settings = PeftAdapter.ReadSettings(adapterFolder);
        var config = LlamaConfigJson.Load(baseFolder);
        string weights = Path.Combine(adapterFolder, PeftAdapter.WeightsFileName);
        if (!File.Exists(weights))
        {
            string hint = File.Exists(Path.Combine(adapterFolder, "adapter_model.bin")) ? " (it has adapter_model.bin, a pickle: save with safe_serialization=True)" : "";
            throw new WrenException($"{adapterFolder}: {PeftAdapter.WeightsFileName} is missing{hint}");
        }

        var expected = LlamaTrainingModel.LoraSpecs(config, settings).ToDictionary(s => PeftAdapter.TensorPrefix + s.Name, s => s.Shape, StringComparer.Ordinal);
        List<string> dtypes;
        using (var file = SafetensorsFile.Open(weights))
        {
            var unexpected = file.Tensors.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            if (unexpected.Count > 0)
                throw new WrenException($"{weights}: {unexpected.Count} tensor(s) this base model and adapter_config.json do not explain, first '{unexpected[0]}' (modules_to_save or another base model?)");
            foreach (var (name, shape) in expected)
            {
                if (!file.Tensors.ContainsKey(name)) throw new WrenException($"{weights}: tensor '{name}' is missing (target_modules {string.Join(", ", settings.Targets)} on {config.NumHiddenLayers} layers)");
                var actual = file.GetInfo(name).Shape;
                if (!actual.SequenceEqual(shape.Select(d => (long)d)))
                    throw new WrenException($"{weights}: '{name}' is [{string.Join(", ", actual)}], the base model needs [{string.Join(", ", shape)}] (r={settings.Rank}); was it trained on another base?");
            }

            dtypes = file.Tensors.Values.Select(t => t.DType.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        }

        string output = Path.GetFullPath(outputFolder);
        PeftAdapter.Merge(baseFolder, adapterFolder, output);

        var tokens = BpeTokenizer.Load(baseFolder).Encode(Probe, addSpecialTokens: false);
        int time = Math.Min(tokens.Length - 1, Math.Min(32, config.MaxPositionEmbeddings));
        if (time < 2) throw new WrenException($"{baseFolder}: the tokenizer encodes the probe text to {tokens.Length} tokens; too few to check the adapter");
        var inputs = tokens.AsSpan(0, time).ToArray();
        var targets = tokens.AsSpan(1, time).ToArray();
        using var pool = new WorkerPool(Math.Max(1, Math.Min(Environment.ProcessorCount, 8)));
        float adapterLoss, mergedLoss;
        {
            var model = new LlamaTrainingModel(config, 1, time, pool, settings);
            using (var checkpoint = SafetensorsCheckpoint.Open(baseFolder)) model.LoadFrom(checkpoint);
            using (var file = SafetensorsFile.Open(weights)) model.LoadAdapters(file);
            adapterLoss = model.ComputeLoss(inputs, targets);
        }

        {
            var model = new LlamaTrainingModel(LlamaConfigJson.Load(output), 1, time, pool);
            using (var checkpoint = SafetensorsCheckpoint.Open(output)) model.LoadFrom(checkpoint);
            mergedLoss = model.ComputeLoss(inputs, targets);
        }

        if (!float.IsFinite(adapterLoss) || !float.IsFinite(mergedLoss))
            throw new WrenException($"{adapterFolder}: the adapted model computes a non-finite loss ({adapterLoss}); the training run diverged or the weights are corrupt");
        if (Math.Abs(adapterLoss - mergedLoss) > Tolerance * Math.Max(1, Math.Abs(adapterLoss)))
            throw new WrenException($"{adapterFolder}: base + adapter gives loss {adapterLoss}, the merged model {mergedLoss}; the adapter does not merge into this base as PEFT would apply it");

        string copy = Path.Combine(output, AdapterFolderName);
        Directory.CreateDirectory(copy);
        foreach (string name in new[] { PeftAdapter.ConfigFileName, PeftAdapter.WeightsFileName })
            File.Copy(Path.Combine(adapterFolder, name), Path.Combine(copy, name), overwrite: true);
        return new PeftAdapterImportResult
        {
            Settings = settings,
            Tensors = expected.Count,
            DTypes = dtypes,
            AdapterLoss = adapterLoss,
            MergedLoss = mergedLoss,
            OutputFolder = output,
        };
    }
}
