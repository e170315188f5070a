using Wren.Data.Curation.Recipe;
using Wren.Runtime;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// Reads and writes <c>wren.yaml</c> in the style of the curation recipe (snake_case keys, YamlDotNet):
/// an unknown key is an error naming the key, its section and its line; <see cref="DefaultWithComments"/>
/// is what <c>wren init</c> writes.
/// </summary>
public static class BuildRecipeYaml
{
    public const string DefaultFileName = "wren.yaml";

    public static BuildRecipe Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new WrenException($"{path}: recipe file not found (write one with `wren init --out {path}`)");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static BuildRecipe Parse(string yaml, string where = "recipe") =>
        CommentedYaml.Parse<BuildRecipe>(yaml, where, type => SectionName(type) + " (see `wren init` for every key)");

    /// <summary>A section as canonical YAML: what a stage's input hash covers (comments and key order in the file do not matter).</summary>
    public static string Canonical(object section) => CommentedYaml.Serialize(section);

    /// <summary>The default recipe with a comment on every setting, as <c>wren init</c> writes it.</summary>
    public static string DefaultWithComments() => CommentedYaml.WithComments(new BuildRecipe(),
        "Wren build recipe: `wren build --recipe wren.yaml --out DIR` runs every stage below.",
        "Each stage re-runs only when its section, its inputs or the tool version change (see DIR/build.json).");

    private static string SectionName(string typeName)
    {
        string name = typeName[(typeName.LastIndexOf('.') + 1)..];
        return name switch
        {
            nameof(BuildRecipe) => "the recipe's top level",
            nameof(CurationRecipe) => "section 'curation'",
            _ when name.EndsWith("Section", StringComparison.Ordinal) => $"section '{CommentedYaml.KeyOf(name[..^"Section".Length])}'",
            _ when name.EndsWith("Options", StringComparison.Ordinal) => $"section 'curation.{CommentedYaml.KeyOf(name[..^"Options".Length])}'",
            _ => name,
        };
    }
}
