using System.Globalization;
using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Training.Lora;
using Wren.Training.Model;
using Wren.Training.Optimization;

namespace Wren.Training.Checkpoints;

/// <summary>
/// Checkpoints of a run under <c>RUN/checkpoints/step-NNNNNNNN/</c>, each a Hugging Face model folder
/// (config.json, model.safetensors, generation_config.json, tokenizer files) or, for LoRA, a PEFT adapter
/// folder (adapter_config.json, adapter_model.safetensors), plus optimizer.safetensors and trainer_state.json.
/// A checkpoint is written into a temporary folder and renamed into place, so a crash never leaves a half
/// one; the newest <see cref="KeepLast"/> are kept, and <c>RUN/best/</c> holds the one with the lowest
/// validation loss.
/// </summary>
public sealed class CheckpointStore
{
    public const string StateFileName = "trainer_state.json";
    public const string OptimizerFileName = "optimizer.safetensors";
    private static readonly string[] TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja", "vocab.json", "merges.txt", "tokenizer.model"];

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public CheckpointStore(string runFolder, int keepLast = 3, string? tokenizerFolder = null, string? baseModelPath = null)
    {
        RunFolder = runFolder;
        KeepLast = Math.Max(1, keepLast);
        TokenizerFolder = tokenizerFolder;
        BaseModelPath = baseModelPath;
    }

    public string RunFolder { get; }

    public int KeepLast { get; }

    /// <summary>Folder whose tokenizer files are copied into every checkpoint, or null.</summary>
    public string? TokenizerFolder { get; }

    /// <summary>For LoRA runs: the base model recorded in adapter_config.json.</summary>
    public string? BaseModelPath { get; }

    public string CheckpointsFolder => Path.Combine(RunFolder, "checkpoints");

    public string BestFolder => Path.Combine(RunFolder, "best");

    public static string StepFolderName(long step) => "step-" + step.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>Writes a checkpoint atomically and prunes old ones; returns its folder.</summary>
    public string Save(LlamaTrainingModel model, AdamW optimizer, TrainerState state, bool isBest)
    {
        Directory.CreateDirectory(CheckpointsFolder);
        string final = Path.Combine(CheckpointsFolder, StepFolderName(state.Step));
        string temp = final + ".tmp-" + LeftoverFiles.OwnerTag;
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        WriteModelFolder(model, temp);
        WriteOptimizer(optimizer, Path.Combine(temp, OptimizerFileName));
        File.WriteAllText(Path.Combine(temp, StateFileName), JsonSerializer.Serialize(state, JsonOptions));
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temp, final);

        if (isBest)
        {
            string bestTemp = BestFolder + ".tmp-" + LeftoverFiles.OwnerTag;
            if (Directory.Exists(bestTemp)) Directory.Delete(bestTemp, recursive: true);
            CopyFolder(final, bestTemp);
            string old = BestFolder + ".old";
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            if (Directory.Exists(BestFolder)) Directory.Move(BestFolder, old);
            Directory.Move(bestTemp, BestFolder);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }

        Prune();
        return final;
    }

    /// <summary>
    /// Removes what killed runs left: half-written checkpoint folders (<c>step-N.tmp-PID@HOST</c>,
    /// <c>best.tmp-PID@HOST</c>) of processes that are gone. Returns how many went.
    /// </summary>
    public int RemoveLeftovers() =>
        LeftoverFiles.RemoveDeadWriters(CheckpointsFolder, recursive: false) + LeftoverFiles.RemoveDeadWriters(RunFolder, recursive: false);

    /// <summary>The newest complete checkpoint folder, or null when there is none.</summary>
    public string? Latest()
    {
        if (!Directory.Exists(CheckpointsFolder)) return null;
        return Directory.GetDirectories(CheckpointsFolder, "step-*")
            .Where(d => !Path.GetFileName(d).Contains(".tmp", StringComparison.Ordinal) && File.Exists(Path.Combine(d, StateFileName)))
            .Order(StringComparer.Ordinal)
            .LastOrDefault();
    }

    /// <summary>Restores parameters (or adapters), optimizer moments and step; returns the trainer state.</summary>
    public static TrainerState Load(string folder, LlamaTrainingModel model, AdamW optimizer)
    {
        string statePath = Path.Combine(folder, StateFileName);
        if (!File.Exists(statePath)) throw new WrenException($"{folder}: not a training checkpoint ({StateFileName} is missing)");
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath), JsonOptions)
            ?? throw new WrenException($"{statePath}: empty trainer state");
        if (model.Adapters is null)
        {
            using var checkpoint = SafetensorsCheckpoint.Open(folder);
            model.LoadFrom(checkpoint);
        }
        else
        {
            using var adapter = SafetensorsFile.Open(Path.Combine(folder, PeftAdapter.WeightsFileName));
            model.LoadAdapters(adapter);
        }

        using var opt = SafetensorsFile.Open(Path.Combine(folder, OptimizerFileName));
        var m = opt.ReadAsSingle("exp_avg");
        var v = opt.ReadAsSingle("exp_avg_sq");
        if (m.Length != optimizer.FirstMoment.Length || v.Length != optimizer.SecondMoment.Length)
            throw new WrenException($"{folder}: optimizer state holds {m.Length} values, the model has {optimizer.FirstMoment.Length} trainable parameters");
        m.CopyTo(optimizer.FirstMoment, 0);
        v.CopyTo(optimizer.SecondMoment, 0);
        optimizer.Step = long.Parse(opt.Metadata["step"], CultureInfo.InvariantCulture);
        return state;
    }

    /// <summary>Writes the model as an HF folder (full runs) or a PEFT adapter folder (LoRA runs), with tokenizer files.</summary>
    public void WriteModelFolder(LlamaTrainingModel model, string folder)
    {
        Directory.CreateDirectory(folder);
        if (model.Adapters is null)
        {
            LlamaConfigJson.Save(model.Config, folder);
            GenerationConfigJson.Save(model.Config, folder);
            WriteParameters(model.Parameters, Path.Combine(folder, SafetensorsCheckpoint.SingleFileName), prefix: "");
        }
        else
        {
            PeftAdapter.Save(model, folder, BaseModelPath ?? "");
        }

        if (TokenizerFolder is not null)
        {
            foreach (var name in TokenizerFiles)
            {
                string source = Path.Combine(TokenizerFolder, name);
                if (File.Exists(source)) File.Copy(source, Path.Combine(folder, name), overwrite: true);
            }
        }
    }

    /// <summary>Every tensor of a parameter set as float32 safetensors under its name (with an optional prefix).</summary>
    public static void WriteParameters(ParameterSet parameters, string path, string prefix, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var writer = new SafetensorsWriter();
        var values = parameters.Values.Span;
        foreach (var t in parameters.Tensors)
            writer.Add(prefix + t.Name, values.Slice(t.Offset, t.Length).ToArray(), t.Shape.Select(d => (long)d).ToArray());
        writer.Save(path, metadata ?? new Dictionary<string, string> { ["format"] = "pt" });
    }

    private static void WriteOptimizer(AdamW optimizer, string path)
    {
        var writer = new SafetensorsWriter();
        writer.Add("exp_avg", optimizer.FirstMoment, optimizer.FirstMoment.Length);
        writer.Add("exp_avg_sq", optimizer.SecondMoment, optimizer.SecondMoment.Length);
        writer.Save(path, new Dictionary<string, string> { ["step"] = optimizer.Step.ToString(CultureInfo.InvariantCulture) });
    }

    private void Prune()
    {
        var steps = Directory.GetDirectories(CheckpointsFolder, "step-*")
            .Where(d => !Path.GetFileName(d).Contains(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        for (int i = 0; i < steps.Count - KeepLast; i++) Directory.Delete(steps[i], recursive: true);
    }

    private static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
    }
}
