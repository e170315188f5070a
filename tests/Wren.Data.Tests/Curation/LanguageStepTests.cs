using Wren.Data.Curation.Language;

namespace Wren.Data.Tests.Curation;

public sealed class LanguageStepTests
{
    // Built once: loading Lingua's models is the slow part.
    private static readonly LanguageStep Step = new(new LanguageOptions());

    [Fact]
    public void EnglishProseIsKeptWithItsLanguageAndConfidence()
    {
        var (result, document, counters) = CurationSample.Run(Step, CurationSample.Get("sotu-1901_theodore_roosevelt_r").Text);
        Assert.False(result.Dropped, result.Rule);
        Assert.Equal("en", document.Scores["language"]!.GetValue<string>());
        Assert.True(document.Scores["language_confidence"]!.GetValue<double>() > 0.9);
        Assert.Equal(1, counters.Values["language.en"]);
    }

    [Theory]
    [InlineData("Die Bundesregierung hat heute beschlossen, die Förderung für erneuerbare Energien im kommenden Jahr deutlich zu erhöhen, um die Klimaziele zu erreichen.", "de")]
    [InlineData("Le gouvernement a annoncé mardi une série de mesures pour soutenir les petites entreprises touchées par la hausse des prix de l'énergie.", "fr")]
    [InlineData("El ayuntamiento aprobó ayer el nuevo plan de movilidad que amplía los carriles para bicicletas en el centro de la ciudad.", "es")]
    public void OtherLanguagesAreDroppedAndNamed(string text, string code)
    {
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.True(result.Dropped);
        Assert.Equal("language_not_kept", result.Rule);
        Assert.Equal(code, result.Evidence);
        Assert.Equal(code, document.Scores["language"]!.GetValue<string>());
    }

    [Fact]
    public void EverySampleDocumentGetsTheLanguageConfidenceAndRuleThatLinguaGivesItsFirst500Characters()
    {
        var options = new LanguageOptions();
        var lingua = new LinguaLanguageDetector(options.Candidates.Concat(options.Keep), fast: true);
        foreach (var sample in CurationSample.Documents())
        {
            var (result, document, _) = CurationSample.Run(Step, sample.Text);
            var (code, confidence) = lingua.Detect(sample.Text.Length <= options.MaxChars ? sample.Text : sample.Text[..options.MaxChars]);
            Assert.Equal(code, document.Scores["language"]!.GetValue<string>());
            // Scores are stored rounded to 4 decimals.
            Assert.Equal(Math.Round(confidence, 4), document.Scores["language_confidence"]!.GetValue<double>());
            string? rule = code != "en" ? "language_not_kept" : confidence < options.MinConfidence ? "low_confidence" : null;
            Assert.Equal(rule, result.Dropped ? result.Rule : null);
        }
    }

    [Fact]
    public void HighAccuracyModeRunsLinguaItself()
    {
        var step = new LanguageStep(new LanguageOptions { Fast = false, Candidates = ["en", "de"] });
        var (result, document, _) = CurationSample.Run(step, "Guten Morgen");
        Assert.Equal("de", document.Scores["language"]!.GetValue<string>());
        Assert.Equal(Math.Round(new LinguaLanguageDetector(["en", "de"]).Detect("Guten Morgen").Confidence, 4), document.Scores["language_confidence"]!.GetValue<double>());
        Assert.Equal("language_not_kept", result.Rule);
    }

    [Fact]
    public void AnUnknownLanguageCodeInTheRecipeIsAClearError()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => new LanguageStep(new LanguageOptions { Keep = ["english"] }));
        Assert.Contains("english", e.Message);
    }
}
