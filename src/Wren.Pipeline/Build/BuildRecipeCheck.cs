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
    }
}
