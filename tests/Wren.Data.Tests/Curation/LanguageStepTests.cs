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
        Assert.StartsWith($"detected {code} with confidence ", result.Evidence);
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
            var (code, confidence) = lingua.Detect(LanguageStep.WithoutAddresses(sample.Text.Length <= options.MaxChars ? sample.Text : sample.Text[..options.MaxChars]));
            Assert.Equal(code, document.Scores["language"]!.GetValue<string>());
            // Scores are stored rounded to 4 decimals.
            Assert.Equal(Math.Round(confidence, 4), document.Scores["language_confidence"]!.GetValue<double>());
            string? rule = code != "en" ? "language_not_kept" : confidence <= options.MinConfidence ? "low_confidence" : null;
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

    /// <summary>datatrove keeps a document whose language scores strictly above the threshold: equal is dropped.</summary>
    [Fact]
    public void AConfidenceEqualToTheThresholdIsDropped()
    {
        string text = "Ok see you then";
        var options = new LanguageOptions { Keep = [] };
        var (_, confidence) = new LinguaModelScorer(options.Candidates).Detect(text);
        Assert.InRange(confidence, 0.01, 0.99);
        var (result, _, _) = CurationSample.Run(new LanguageStep(options with { MinConfidence = confidence }), text);
        Assert.Equal("low_confidence", result.Rule);
        Assert.Equal(confidence, result.Value);
        var (below, _, _) = CurationSample.Run(new LanguageStep(options with { MinConfidence = Math.BitDecrement(confidence) }), text);
        Assert.False(below.Dropped);
    }

    /// <summary>
    /// A mail of the sample: an English question, a signature and a mailing-list footer of links. Lingua,
    /// reading the links as runs of letters, called it Swedish (0.99); without them it is English.
    /// </summary>
    [Fact]
    public void LinksAndAddressesDoNotDecideTheLanguage()
    {
        string text = "Nessus?\n\nAny plans for rolling Nessus RPMs for RH8?  Miss it already...\n\n--\n\\/ille Skyttä\nville.skytta at iki.fi\n\n_______________________________________________\nRPM-List mailing list <RPM-List@freshrpms.net>\nhttp://lists.freshrpms.net/mailman/listinfo/rpm-list";
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.False(result.Dropped, $"{result.Rule}: {result.Evidence}");
        Assert.Equal("en", document.Scores["language"]!.GetValue<string>());
        Assert.Equal("Nessus? see   and   list   ", LanguageStep.WithoutAddresses("Nessus? see www.x.org and a@b.cc list http://x.y/z?q=1 "));
    }
}
