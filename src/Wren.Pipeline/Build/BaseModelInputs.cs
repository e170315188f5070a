using Wren.Pipeline.Build.Recipe;
using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Hub;
using Wren.Training.Lora;

namespace Wren.Pipeline.Build;

/// <summary>
/// The base model and chat data of a fine-tuning build (<c>model.base_model</c>): their resolved paths, the checks that
/// fail before any stage runs, and the files whose bytes go into the stages' input hashes.
/// </summary>
internal static class BaseModelInputs
{
    /// <summary>The base model's tokenizer files, copied by the tokenizer stage (the ones that exist).</summary>
    public static readonly IReadOnlyList<string> TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja"];

    public static bool IsFineTune(BuildRecipe recipe) => !string.IsNullOrWhiteSpace(recipe.Model.BaseModel);

    /// <summary>
    /// A <c>model.base_model</c> that names a Hugging Face model (<c>ORG/NAME</c>, <c>ORG/NAME@REVISION</c>) rather than a
    /// folder beside the recipe is pulled into the hub cache (or found there) through <see cref="ModelResolver"/>, as the
    /// verbs' <c>--model</c> and <c>--base</c> are, and the recipe then names its snapshot folder.
    /// </summary>
    public static BuildRecipe ResolveFromHub(BuildRecipe recipe, string recipeDirectory, HubSettings? hub)
    {
        string name = recipe.Model.BaseModel;
        if (string.IsNullOrWhiteSpace(name) || Path.Exists(Path.GetFullPath(name, recipeDirectory)) || ModelResolver.HubReference(name) is null) return recipe;
        // Opening a build is synchronous (every typo fails before a stage runs); the pull is the one network step in it.
        ResolvedModel resolved = Task.Run(() => new ModelResolver(hub).ResolveAsync(name)).GetAwaiter().GetResult();
        return recipe with { Model = recipe.Model with { BaseModel = resolved.Path } };
    }

    public static string Folder(BuildRecipe recipe, string recipeDirectory) => Path.GetFullPath(recipe.Model.BaseModel, recipeDirectory);

    public static IReadOnlyList<string> DataFiles(BuildRecipe recipe, string recipeDirectory) =>
        recipe.Finetune.Data.Select(d => Path.GetFullPath(d, recipeDirectory)).ToList();

    /// <summary>
    /// The files of the base model folder (top level: config, weights, tokenizer, templates), in ordinal order, so a changed
    /// weight or tokenizer file re-runs every stage that reads the model. Sub-folders (.git, checkpoints) are not the model.
    /// </summary>
    public static IReadOnlyList<string> ModelFiles(BuildRecipe recipe, string recipeDirectory)
    {
        string folder = Folder(recipe, recipeDirectory);
        if (!Directory.Exists(folder)) return [folder];
        var files = Directory.GetFiles(folder).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The base model's tokenizer files that exist.</summary>
    public static IReadOnlyList<string> TokenizerSources(BuildRecipe recipe, string recipeDirectory)
    {
        string folder = Folder(recipe, recipeDirectory);
        return TokenizerFiles.Select(f => Path.Combine(folder, f)).Where(File.Exists).ToList();
    }

    public static LoraSettings? Lora(FinetuneSection section) => section.Method switch
    {
        "full" => null,
        "lora" => new LoraSettings
        {
            Rank = section.LoraRank,
            Alpha = section.LoraAlpha,
            Targets = section.LoraTargets is ["all-linear"] ? LoraSettings.KnownTargets : section.LoraTargets,
        },
        _ => throw new WrenException($"recipe finetune.method '{section.Method}' is not lora or full"),
    };

    /// <summary>Fails with the reason when the base model or the chat data cannot be fine-tuned, before ingest starts.</summary>
    public static void Validate(BuildRecipe recipe, string where, string recipeDirectory)
    {
        string folder = Folder(recipe, recipeDirectory);
        string key = $"{where}: model.base_model '{recipe.Model.BaseModel}'";
        if (!Directory.Exists(folder)) throw new WrenException($"{key}: no such folder ({folder})");
        if (!File.Exists(Path.Combine(folder, "config.json"))) throw new WrenException($"{key}: no config.json in {folder}; point it at a Hugging Face model folder");
        try
        {
            LlamaConfigJson.Load(folder);
        }
        catch (WrenException e)
        {
            throw new WrenException($"{key}: {e.Message}", e);
        }
        if (!File.Exists(Path.Combine(folder, "tokenizer.json"))) throw new WrenException($"{key}: no tokenizer.json in {folder}; the build tokenizes with the base model's own tokenizer");
        if (!Directory.EnumerateFiles(folder, "*.safetensors").Any()) throw new WrenException($"{key}: no .safetensors weights in {folder}");
        if (recipe.Finetune.Data.Count == 0)
        {
            throw new WrenException(
                $"{key}: finetune.data names no chat JSONL; fine-tuning inside wren build is supervised fine-tuning on conversations " +
                "({\"messages\": [...]} or {\"prompt\", \"completion\"} per line). Continued pretraining on the curated documents is not available yet; " +
                "remove base_model to train from scratch on them with model.preset");
        }
        foreach (string data in DataFiles(recipe, recipeDirectory))
        {
            if (!File.Exists(data)) throw new WrenException($"{where}: finetune.data '{data}': no such file");
        }
        Lora(recipe.Finetune)?.Validate();
        if (recipe.Finetune.Epochs < 0 || recipe.Finetune.LearningRate < 0) throw new WrenException($"{where}: finetune.epochs and finetune.learning_rate must not be negative");
    }
}
