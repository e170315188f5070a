using Wren.Data.Curation.Decontamination;
using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pii;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Steps;

namespace Wren.Data.Curation.Recipe;

/// <summary>Builds the per-document steps a recipe enables, in run order, each built once (language models and eval n-grams load here).</summary>
public static class StepFactory
{
    public static List<IDocumentStep> DocumentSteps(CurationRecipe recipe)
    {
        var steps = new List<IDocumentStep>();
        var kinds = new SourceKinds(recipe.Kinds);
        if (recipe.Normalize.Enabled)
        {
            steps.Add(new NormalizeStep(recipe.Normalize));
        }
        // The filters up to C4 judge the same normalized text, so their order changes which rule a document is
        // charged to, never which documents are kept: the cheap, language-independent repetition rules go first,
        // then language ID (Lingua, the costliest step per document), then Gopher quality (its stop-word rule is
        // English, so a document in another language should be charged to language ID first).
        if (recipe.GopherRepetition.Enabled)
        {
            steps.Add(new GopherRepetitionStep(recipe.GopherRepetition, kinds));
        }
        if (recipe.Language.Enabled)
        {
            steps.Add(new LanguageStep(recipe.Language, kinds));
        }
        if (recipe.GopherQuality.Enabled)
        {
            steps.Add(new GopherQualityStep(recipe.GopherQuality, kinds));
        }
        if (recipe.C4.Enabled)
        {
            steps.Add(new C4QualityStep(recipe.C4, kinds));
        }
        if (recipe.Fineweb.Enabled)
        {
            steps.Add(new FineWebQualityStep(recipe.Fineweb, kinds));
        }
        if (recipe.QualityModel.Model.Length > 0)
        {
            steps.Add(new QualityModelStep(QualityModel.Load(recipe.QualityModel.Model), recipe.QualityModel.MinScore));
        }
        if (recipe.Pii.Enabled)
        {
            steps.Add(new PiiStep(recipe.Pii));
        }
        if (recipe.Decontamination.Enabled && recipe.Decontamination.EvalSets.Count > 0)
        {
            var index = EvalNGramIndex.Load(recipe.Decontamination.EvalSets, recipe.Decontamination.NGram);
            steps.Add(new DecontaminationStep(index, recipe.Decontamination.MinOverlaps));
        }
        return steps;
    }
}
