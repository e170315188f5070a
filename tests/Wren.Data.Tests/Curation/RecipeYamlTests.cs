using Wren.Data.Curation.Recipe;

namespace Wren.Data.Tests.Curation;

public sealed class RecipeYamlTests
{
    [Fact]
    public void The_commented_default_recipe_reads_back_as_the_defaults()
    {
        string yaml = RecipeYaml.DefaultWithComments();
        Assert.Contains("# ", yaml);
        var parsed = RecipeYaml.Parse(yaml);
        Assert.Equal(RecipeYaml.Serialize(new CurationRecipe()), RecipeYaml.Serialize(parsed));
    }

    [Fact]
    public void Every_setting_of_every_section_appears_in_the_commented_default()
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
    public void Changed_thresholds_are_read()
    {
        var recipe = RecipeYaml.Parse("gopher_quality:\n  min_doc_words: 20\ndedup:\n  keep: newest\n  bands: 9\nlanguage:\n  keep: [en, de]\n");
        Assert.Equal(20, recipe.GopherQuality.MinDocWords);
        Assert.Equal("newest", recipe.Dedup.Keep);
        Assert.Equal(9, recipe.Dedup.Bands);
        Assert.Equal(["en", "de"], recipe.Language.Keep);
        Assert.Equal(100_000, recipe.GopherQuality.MaxDocWords);
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => RecipeYaml.Parse("c4:\n  enabled: true\n  min_word_per_line: 3\n", "curate.yaml"));
        Assert.StartsWith("curate.yaml:3:", e.Message);
        Assert.Contains("unknown key 'min_word_per_line' in section 'c4'", e.Message);
    }

    /// <summary>Each kind's defaults live in its own type, so changing one key of a kind keeps the kind's others.</summary>
    [Fact]
    public void Changing_one_key_of_a_kind_keeps_that_kind_s_other_defaults()
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
    public void An_unknown_key_in_a_kind_names_the_kind()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => RecipeYaml.Parse("kinds:\n  record:\n    min_words: 3\n", "curate.yaml"));
        Assert.Contains("unknown key 'min_words' in section 'kinds.record'", e.Message);
    }
}
