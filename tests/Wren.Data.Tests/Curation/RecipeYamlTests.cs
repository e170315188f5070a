using Wren.Data.Curation.Recipe;

namespace Wren.Data.Tests.Curation;

public sealed class RecipeYamlTests
{
    [Fact]
    public void TheCommentedDefaultRecipeReadsBackAsTheDefaults()
    {
        string yaml = RecipeYaml.DefaultWithComments();
        Assert.Contains("# ", yaml);
        var parsed = RecipeYaml.Parse(yaml);
        Assert.Equal(RecipeYaml.Serialize(new CurationRecipe()), RecipeYaml.Serialize(parsed));
    }

    [Fact]
    public void EverySettingOfEverySectionAppearsInTheCommentedDefault()
    {
        string yaml = RecipeYaml.DefaultWithComments();
        string plain = RecipeYaml.Serialize(new CurationRecipe());
        foreach (string line in plain.Split('\n'))
        {
            string trimmed = line.Trim();
            int colon = trimmed.IndexOf(':');
            if (colon > 0 && !trimmed.StartsWith('-') && !char.IsDigit(trimmed[0]))
            {
                Assert.Contains(trimmed[..colon] + ":", yaml);
            }
        }
    }

    [Fact]
    public void ChangedThresholdsAreRead()
    {
        var recipe = RecipeYaml.Parse("gopher_quality:\n  min_doc_words: 20\ndedup:\n  keep: newest\n  bands: 9\nlanguage:\n  keep: [en, de]\n");
        Assert.Equal(20, recipe.GopherQuality.MinDocWords);
        Assert.Equal("newest", recipe.Dedup.Keep);
        Assert.Equal(9, recipe.Dedup.Bands);
        Assert.Equal(["en", "de"], recipe.Language.Keep);
        Assert.Equal(100_000, recipe.GopherQuality.MaxDocWords);
    }

    [Fact]
    public void AnUnknownKeyIsAnErrorNamingTheLine()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => RecipeYaml.Parse("c4:\n  enabled: true\n  min_word_per_line: 3\n", "curate.yaml"));
        Assert.StartsWith("curate.yaml:3:", e.Message);
        Assert.Contains("unknown key 'min_word_per_line' in section 'c4'", e.Message);
    }

    [Theory]
    [InlineData("language:\n  min_confidence: high\n", "curate.yaml:2:19:", "'min_confidence' in section 'language'", "expected a number, found 'high'")]
    [InlineData("pii:\n  enabled: maybe\n", "curate.yaml:2:12:", "'enabled' in section 'pii'", "expected true or false, found 'maybe'")]
    [InlineData("dedup:\n  bands: 9.5\n", "curate.yaml:2:10:", "'bands' in section 'dedup'", "expected a whole number, found '9.5'")]
    [InlineData("language:\n  keep: en\n", "curate.yaml:2:9:", "'keep' in section 'language'", "expected a list of texts, found 'en'")]
    [InlineData("c4: off\n", "curate.yaml:1:5:", "'c4' in the recipe's top level", "expected a section of keys, found 'off'")]
    public void AValueOfTheWrongTypeIsAnErrorNamingWhereTheKeyTheTypeAndTheValue(string yaml, string where, string key, string types)
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => RecipeYaml.Parse(yaml, "curate.yaml"));
        Assert.StartsWith(where, e.Message);
        Assert.Contains(key, e.Message);
        Assert.Contains(types, e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    /// <summary>Each kind's defaults live in its own type, so changing one key of a kind keeps the kind's others.</summary>
    [Fact]
    public void ChangingOneKeyOfAKindKeepsThatKindsOtherDefaults()
    {
        var recipe = RecipeYaml.Parse("kinds:\n  mail:\n    min_doc_words: 12\n");
        Assert.Equal(12, recipe.Kinds.Mail.MinDocWords);
        Assert.Equal(["email"], recipe.Kinds.Mail.Formats);
        Assert.Equal(-1, recipe.Kinds.Mail.MinNumSentences);
        Assert.True(recipe.Kinds.Mail.IgnoreQuoteMarkerLines);
        Assert.Equal(CommentedYaml.Serialize(new DocumentKindOptions()), CommentedYaml.Serialize(recipe.Kinds.Document));
        Assert.Equal(50, recipe.Kinds.Document.MinDocWords);
    }

    [Fact]
    public void AnUnknownKeyInAKindNamesTheKind()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => RecipeYaml.Parse("kinds:\n  record:\n    min_words: 3\n", "curate.yaml"));
        Assert.Contains("unknown key 'min_words' in section 'kinds.record'", e.Message);
    }
}
