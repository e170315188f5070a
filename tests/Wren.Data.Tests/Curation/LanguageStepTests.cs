using Wren.Data.Curation.Language;
using Wren.Data.Curation.Recipe;

namespace Wren.Data.Tests.Curation;

public sealed class LanguageStepTests
{
    // Built once: loading Lingua's models is the slow part.
    private static readonly LanguageStep Step = new(new LanguageOptions());

    [Fact]
    public void English_prose_is_kept_with_its_language_and_confidence()
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
    public void Other_languages_are_dropped_and_named(string text, string code)
    {
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.True(result.Dropped);
        Assert.Equal("language_not_kept", result.Rule);
        Assert.StartsWith($"detected {code} with confidence ", result.Evidence);
        Assert.Equal(code, document.Scores["language"]!.GetValue<string>());
    }

    [Fact]
    public void Every_sample_document_gets_the_language_confidence_and_rule_that_linguas_high_accuracy_mode_gives_its_first_500_characters()
    {
        var options = new LanguageOptions();
        var lingua = new LinguaLanguageDetector(options.Candidates.Concat(options.Keep));
        int shortTexts = 0;
        foreach (string text in CurationSample.Documents().Select(d => d.Text).Concat(ShortTickets))
        {
            shortTexts += LinguaModelScorer.ReadsWithTrigramsOnly(LanguageStep.WithoutAddresses(text)) ? 0 : 1;
            var (result, document, _) = CurationSample.Run(Step, text);
            var (code, confidence) = lingua.Detect(LanguageStep.WithoutAddresses(text.Length <= options.MaxChars ? text : text[..options.MaxChars]));
            Assert.Equal(code, document.Scores["language"]!.GetValue<string>());
            // Scores are stored rounded to 4 decimals.
            Assert.Equal(Math.Round(confidence, 4), document.Scores["language_confidence"]!.GetValue<double>());
            string? rule = code != "en" ? "language_not_kept" : confidence <= options.MinConfidence ? "low_confidence" : null;
            Assert.Equal(rule, result.Dropped ? result.Rule : null);
        }
        // Both paths ran: the scorer for long texts, Lingua itself for short ones.
        Assert.InRange(shortTexts, ShortTickets.Length, int.MaxValue);
    }

    /// <summary>Tickets of the sample's <c>support.db</c>, English, that Lingua's trigram-only mode called nl 0.90, de 0.50 and sv 0.92.</summary>
    private static readonly string[] ShortTickets =
    [
        "That'll come to a shock to Geege, I'm sure...\n\n- Joe\n\nhttp://xent.com/mailman/listinfo/fork",
        "...which reminds me of my favorite David Friedman quote.\n\nSee below...\n\nCheers,\nRAH",
        "The same one as provided on www.sapdb.org?\nWhich is released under the GPL/LGPL?",
    ];

    /// <summary>
    /// Before, the trigram-only scorer read these as other languages; Lingua's high-accuracy mode, which reads
    /// texts under 120 characters, finds English the likeliest, below the web threshold of 0.65 but over a
    /// record's (0: the likeliest language decides).
    /// </summary>
    [Fact]
    public void Short_english_tickets_are_read_by_linguas_high_accuracy_mode_and_kept_as_records()
    {
        var options = new LanguageOptions();
        var trigramsOnly = new LinguaLanguageDetector(options.Candidates.Concat(options.Keep), fast: true);
        var step = new LanguageStep(options, new SourceKinds(new KindsOptions()));
        int belowWebThreshold = 0;
        foreach (string ticket in ShortTickets)
        {
            Assert.NotEqual("en", trigramsOnly.Detect(LanguageStep.WithoutAddresses(ticket)).Code);
            var (result, document, _) = CurationSample.Run(step, ticket, "record");
            Assert.False(result.Dropped, $"{ticket}: {result.Rule}: {result.Evidence}");
            Assert.Equal("en", document.Scores["language"]!.GetValue<string>());
            var (asWeb, _, _) = CurationSample.Run(step, ticket);
            belowWebThreshold += asWeb.Dropped ? 1 : 0;
            Assert.True(!asWeb.Dropped || asWeb.Rule == "low_confidence", asWeb.Rule);
        }
        // The kind's threshold is what keeps at least one of them: as web crawl it is dropped at 0.65.
        Assert.True(belowWebThreshold > 0);
    }

    [Fact]
    public void A_record_in_another_language_is_still_dropped()
    {
        var step = new LanguageStep(new LanguageOptions(), new SourceKinds(new KindsOptions()));
        var (result, _, _) = CurationSample.Run(step, "Die Bundesregierung hat heute beschlossen, die Förderung zu erhöhen.", "record");
        Assert.Equal("language_not_kept", result.Rule);
    }

    [Fact]
    public void High_accuracy_mode_runs_lingua_itself()
    {
        var step = new LanguageStep(new LanguageOptions { Fast = false, Candidates = ["en", "de"] });
        var (result, document, _) = CurationSample.Run(step, "Guten Morgen");
        Assert.Equal("de", document.Scores["language"]!.GetValue<string>());
        Assert.Equal(Math.Round(new LinguaLanguageDetector(["en", "de"]).Detect("Guten Morgen").Confidence, 4), document.Scores["language_confidence"]!.GetValue<double>());
        Assert.Equal("language_not_kept", result.Rule);
    }

    [Fact]
    public void An_unknown_language_code_in_the_recipe_is_a_clear_error()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => new LanguageStep(new LanguageOptions { Keep = ["english"] }));
        Assert.Contains("english", e.Message);
    }

    /// <summary>datatrove keeps a document whose language scores strictly above the threshold: equal is dropped.</summary>
    [Fact]
    public void A_confidence_equal_to_the_threshold_is_dropped()
    {
        string text = "Ok see you then";
        var options = new LanguageOptions { Keep = [] };
        // Under 120 characters: Lingua itself (high-accuracy mode) decides.
        var (_, confidence) = new LinguaLanguageDetector(options.Candidates).Detect(text);
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
    public void Links_and_addresses_do_not_decide_the_language()
    {
        string text = "Nessus?\n\nAny plans for rolling Nessus RPMs for RH8?  Miss it already...\n\n--\n\\/ille Skyttä\nville.skytta at iki.fi\n\n_______________________________________________\nRPM-List mailing list <RPM-List@freshrpms.net>\nhttp://lists.freshrpms.net/mailman/listinfo/rpm-list";
        var (result, document, _) = CurationSample.Run(Step, text);
        Assert.False(result.Dropped, $"{result.Rule}: {result.Evidence}");
        Assert.Equal("en", document.Scores["language"]!.GetValue<string>());
        Assert.Equal("Nessus? see   and   list   ", LanguageStep.WithoutAddresses("Nessus? see www.x.org and a@b.cc list http://x.y/z?q=1 "));
    }
}
