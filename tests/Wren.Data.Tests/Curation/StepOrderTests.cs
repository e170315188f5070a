using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Steps;
using Wren.Data.Documents;

namespace Wren.Data.Tests.Curation;

public sealed class StepOrderTests
{
    [Fact]
    public void TheDefaultRecipeRunsCheapLanguageIndependentFiltersBeforeLanguageId()
    {
        var names = StepFactory.DocumentSteps(new CurationRecipe { Language = new LanguageOptions { Enabled = false } }).Select(s => s.Name).ToList();
        Assert.Equal(["normalize", "gopher_repetition", "gopher_quality", "c4", "fineweb", "pii"], names);
    }

    [Fact]
    public void TheInitRecipeListsItsSectionsInTheOrderTheStepsRun()
    {
        var sections = RecipeYaml.DefaultWithComments().Split('\n')
            .Where(l => l.Length > 0 && char.IsLetter(l[0]) && l.Contains(':'))
            .Select(l => l[..l.IndexOf(':')]).ToList();
        string[] steps = ["normalize", "gopher_repetition", "language", "gopher_quality", "c4", "fineweb", "quality_model", "pii", "decontamination"];
        Assert.Equal(steps, sections.Where(steps.Contains));
    }

    /// <summary>
    /// The filters before C4 judge the same normalized text, so running language ID before or after the
    /// repetition rules keeps the same documents with the same text and scores; only which rule a
    /// document failing both is charged to changes.
    /// </summary>
    [Fact]
    public void MovingLanguageIdAfterTheRepetitionRulesKeepsTheSameDocuments()
    {
        var recipe = new CurationRecipe();
        var documents = CurationSample.Documents();
        documents.Add(CurationSample.Make(string.Join("\n", Enumerable.Repeat("Die Bundesregierung hat heute beschlossen, die Förderung für erneuerbare Energien deutlich zu erhöhen.", 3)), "de-repeated"));
        documents.Add(CurationSample.Make("Le gouvernement a annoncé mardi une série de mesures pour soutenir les petites entreprises touchées par la hausse des prix de l'énergie, et le ministre a précisé que les aides seront versées dès le mois prochain.", "fr"));
        var normalize = new NormalizeStep(recipe.Normalize);
        var language = new LanguageStep(recipe.Language);
        var repetition = new GopherRepetitionStep(recipe.GopherRepetition);
        IDocumentStep[] rest = [new GopherQualityStep(recipe.GopherQuality), new C4QualityStep(recipe.C4), new FineWebQualityStep(recipe.Fineweb)];

        var before = Run([normalize, language, repetition, .. rest], documents);
        var after = Run([normalize, repetition, language, .. rest], documents);

        Assert.Equal(before.Kept, after.Kept);
        Assert.Equal(before.Dropped.Keys.Order(), after.Dropped.Keys.Order());
        Assert.Contains(before.Kept, k => k.StartsWith("sotu-", StringComparison.Ordinal));
        Assert.Equal("language", before.Dropped["de-repeated"]);
        Assert.Equal("gopher_repetition", after.Dropped["de-repeated"]);
        Assert.Equal("language", after.Dropped["fr"]);
    }

    private static (List<string> Kept, Dictionary<string, string> Dropped) Run(IReadOnlyList<IDocumentStep> steps, List<Document> documents)
    {
        var chain = new StepChain(steps);
        var kept = new List<string>();
        var dropped = new Dictionary<string, string>();
        foreach (var document in documents)
        {
            var working = new WorkingDocument(document);
            var rejection = chain.Run(working);
            if (rejection is null)
            {
                var scores = working.Scores.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value?.ToJsonString()}");
                kept.Add($"{document.Id}|{working.Text}|{string.Join(",", scores)}");
            }
            else
            {
                dropped[document.Id] = rejection.Step;
            }
        }
        return (kept, dropped);
    }
}
