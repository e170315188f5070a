using Wren.Runtime;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Reads and writes the YAML recipe (<c>curate.yaml</c>): snake_case keys, unknown keys are errors
/// that name the line, and <see cref="DefaultWithComments"/> writes every threshold with what it does.
/// </summary>
public static class RecipeYaml
{
    public static CurationRecipe Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new WrenException($"{path}: recipe file not found (write one with `wren curate --init`)");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static CurationRecipe Parse(string yaml, string where = "recipe") =>
        CommentedYaml.Parse<CurationRecipe>(yaml, where, SectionName);

    /// <summary>Where an unknown key was, as the user wrote the recipe: "the top level", "section 'pii'".</summary>
    public static string SectionName(string typeName)
    {
        string name = typeName[(typeName.LastIndexOf('.') + 1)..];
        return name switch
        {
            nameof(CurationRecipe) => "the recipe's top level",
            nameof(DocumentKindOptions) => "section 'kinds.document'",
            nameof(MailKindOptions) => "section 'kinds.mail'",
            nameof(RecordKindOptions) => "section 'kinds.record'",
            _ when name.EndsWith("Options", StringComparison.Ordinal) => $"section '{CommentedYaml.KeyOf(name[..^"Options".Length])}'",
            _ => name,
        };
    }

    /// <summary>The recipe as plain YAML (no comments); used to tell whether a resumed run has the same recipe.</summary>
    public static string Serialize(CurationRecipe recipe) => CommentedYaml.Serialize(recipe);

    /// <summary>The default recipe with a comment on every setting, as <c>wren curate --init</c> writes it.</summary>
    public static string DefaultWithComments() => CommentedYaml.WithComments(new CurationRecipe(),
        "Wren curation recipe. Steps run in this order; set `enabled: false` to skip one.",
        "Every dropped document is written to rejected/ with the step, rule, value, threshold and evidence.",
        "The rules decide as datatrove's main branch (a649de79, 2026-08-13) does; the README lists each deliberate difference.");
}
