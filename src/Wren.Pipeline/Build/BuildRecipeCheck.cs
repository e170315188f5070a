using Wren.Eval.Planning;
using Wren.Export.Gguf;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Build.Stages;
using Wren.Runtime;

namespace Wren.Pipeline.Build;

/// <summary>Checks a recipe before any stage runs, so a typo in the export section does not surface after ten minutes of training.</summary>
public static class BuildRecipeCheck
{
    public static void Validate(BuildRecipe recipe, string where, string recipeDirectory)
    {
        if (BaseModelInputs.IsFineTune(recipe))
        {
            BaseModelInputs.Validate(recipe, where, recipeDirectory);
        }
        else if (!File.Exists(recipe.Model.Preset) && !Wren.Training.Trainer.ModelPresets.Names.Contains(recipe.Model.Preset))
        {
            throw new WrenException($"{where}: model.preset '{recipe.Model.Preset}' is neither a preset ({string.Join(", ", Wren.Training.Trainer.ModelPresets.Names)}) nor a config.json");
        }
        if (recipe.Tokenizer.VocabSize < 260) throw new WrenException($"{where}: tokenizer.vocab_size {recipe.Tokenizer.VocabSize} is too small (at least 260: 256 bytes and the special tokens)");
        if (recipe.Tokens.ValFraction is < 0 or >= 1) throw new WrenException($"{where}: tokens.val_fraction {recipe.Tokens.ValFraction} must be in [0, 1)");
        TrainBuildStage.Budget(recipe.Training);
        foreach (string type in recipe.Export.Types) GgufExportTypes.Parse(type);
        foreach (string task in recipe.Eval.Tasks)
        {
            if (task is not ("perplexity" or "cloze")) throw new WrenException($"{where}: eval.tasks '{task}' is not a built-in task (perplexity, cloze); name task files under eval.files");
        }
        HardwareCatalog.Find(recipe.Plan.Gpu);
        ValidateTasks(recipe.Tasks, where, recipeDirectory);
    }

    /// <summary>Every task's keys, checked before ingest starts: a typo in the last stage's section should not cost a whole build.</summary>
    private static void ValidateTasks(IReadOnlyList<TaskSection> tasks, string where, string recipeDirectory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tasks)
        {
            string task = $"{where}: tasks '{t.Name}'";
            if (string.IsNullOrWhiteSpace(t.Name) || t.Name.IndexOfAny(['/', '\\', ':']) >= 0 || t.Name.StartsWith('.'))
                throw new WrenException($"{where}: every task needs a name that can be a folder name (got '{t.Name}')");
            if (!names.Add(t.Name)) throw new WrenException($"{task}: two tasks have this name");
            if (t.Kind is not ("classify" or "generate" or "extract")) throw new WrenException($"{task}: kind '{t.Kind}' is not classify, generate or extract");
            if (t.Kind != "classify" && string.IsNullOrEmpty(t.BaseModel)) throw new WrenException($"{task}: a {t.Kind} task is fine-tuned from a base model: give base_model (a Hugging Face folder with a chat template)");
            if (t.Kind != "classify" && t.From is not ("records" or "mail-replies")) throw new WrenException($"{task}: a {t.Kind} task is made from records{(t.Kind == "generate" ? " or mail-replies" : "")}, not from '{t.From}'");
            if (t.Kind == "extract" && t.Fields.Count == 0) throw new WrenException($"{task}: an extract task needs fields, the columns of its output object (fields: [queue, priority])");
            if (t.TeacherUrl is not null && (!Uri.TryCreate(t.TeacherUrl, UriKind.Absolute, out var teacher) || teacher.Scheme is not ("http" or "https")))
                throw new WrenException($"{task}: teacher_url '{t.TeacherUrl}' is not an http(s) URL such as http://localhost:11434/v1");
            switch (t.From)
            {
                case "records" when t.Kind == "extract":
                    if (string.IsNullOrEmpty(t.Input)) throw new WrenException($"{task}: from records needs an input template, e.g. input: '{{subject}}\n\n{{body}}'");
                    break;
                case "mail-replies" when t.Kind == "generate":
                    break;
                case "records":
                    if (string.IsNullOrEmpty(t.Input) || string.IsNullOrEmpty(t.Output)) throw new WrenException($"{task}: from records needs input and output templates, e.g. input: '{{subject}}\\n\\n{{body}}', output: '{{queue}}'");
                    break;
                case "folders":
                    break;
                case "mail-headers":
                    if (string.IsNullOrEmpty(t.LabelHeader)) throw new WrenException($"{task}: from mail-headers needs label_header, e.g. List-Id");
                    break;
                default:
                    throw new WrenException($"{task}: from '{t.From}' is not records, folders, mail-headers or mail-replies");
            }

            if (t.Rare is not ("refuse" or "drop" or "other")) throw new WrenException($"{task}: rare '{t.Rare}' is not refuse, drop or other");
            if (t.Clock is not ("wall" or "cpu")) throw new WrenException($"{task}: clock '{t.Clock}' is not wall or cpu");
            if (t.Method is not ("lora" or "full")) throw new WrenException($"{task}: method '{t.Method}' is not lora or full");
            if (!(t.Minutes > 0)) throw new WrenException($"{task}: minutes must be positive");
            if (t.Val < 0 || t.Test <= 0 || t.Val + t.Test >= 1) throw new WrenException($"{task}: val {t.Val} and test {t.Test} must leave room for training (test > 0)");
            if (t.MinPerLabel < 1) throw new WrenException($"{task}: min_per_label must be at least 1");
            foreach (string s in t.Sources)
            {
                string full = Path.GetFullPath(s, recipeDirectory);
                if (!File.Exists(full) && !Directory.Exists(full)) throw new WrenException($"{task}: source {full}: no such file or folder");
            }

            if (t.BaseModel is { } baseModel && !File.Exists(Path.Combine(Path.GetFullPath(baseModel, recipeDirectory), "config.json")))
                throw new WrenException($"{task}: base_model {Path.GetFullPath(baseModel, recipeDirectory)} is not a model folder (no config.json)");
        }
    }
}
