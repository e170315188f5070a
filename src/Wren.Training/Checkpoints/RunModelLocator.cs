using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Training.Lora;
using Wren.Training.Trainer;

namespace Wren.Training.Checkpoints;

/// <summary>
/// Finds the model folder that a user means when they name a training run, a checkpoint or a model:
/// a folder with config.json is taken as is; a run folder gives its final <c>model/</c>, else <c>best/</c>,
/// else its newest checkpoint. LoRA adapters are refused with the <c>wren merge</c> line that makes a full model.
/// </summary>
public static class RunModelLocator
{
    /// <summary>The model folder for <paramref name="path"/> and a few words on what it is ("final model of run X").</summary>
    public static (string Folder, string Description) Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new WrenException($"model not found: {full} (give a model folder, a checkpoint or a wren train run folder)");
        RefuseAdapter(full);
        if (File.Exists(Path.Combine(full, LlamaConfigJson.FileName))) return (full, "model folder");

        string final = Path.Combine(full, TrainingLoop.ModelFolderName);
        if (File.Exists(Path.Combine(final, LlamaConfigJson.FileName))) return (final, "final model of the run");
        if (Directory.Exists(final)) RefuseAdapter(final);

        var store = new CheckpointStore(full);
        if (File.Exists(Path.Combine(store.BestFolder, LlamaConfigJson.FileName))) return (store.BestFolder, "best checkpoint of the run (lowest validation loss; the run has no final model yet)");
        if (store.Latest() is { } latest)
        {
            RefuseAdapter(latest);
            return (latest, "newest checkpoint of the run (it has no final or best model yet)");
        }

        throw new WrenException(
            $"{full}: no model here: looked for {LlamaConfigJson.FileName}, {TrainingLoop.ModelFolderName}/{LlamaConfigJson.FileName}, best/{LlamaConfigJson.FileName} and checkpoints/step-*/");
    }

    private static void RefuseAdapter(string folder)
    {
        string adapterConfig = Path.Combine(folder, PeftAdapter.ConfigFileName);
        if (!File.Exists(adapterConfig) || File.Exists(Path.Combine(folder, LlamaConfigJson.FileName))) return;
        string baseModel = "BASE_MODEL";
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(adapterConfig));
            if (doc.RootElement.TryGetProperty("base_model_name_or_path", out var b) && b.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(b.GetString()))
                baseModel = b.GetString()!;
        }
        catch (JsonException)
        {
            // The hint below still names the adapter; the base path is then for the user to fill in.
        }

        throw new WrenException(
            $"{folder}: is a LoRA adapter, not a full model; fold it into its base first: wren merge --base {baseModel} --adapter {folder} --out MERGED, then export MERGED");
    }
}
