using Spectre.Console;
using Wren.Cli.Build.Recipe;

namespace Wren.Cli.Build;

/// <summary>What every stage of a build sees: the recipe, the resolved sources, the build folder and the console.</summary>
internal sealed record BuildContext
{
    public required string OutputDirectory { get; init; }

    public required BuildRecipe Recipe { get; init; }

    /// <summary>Where relative paths in the recipe (eval files) are resolved from.</summary>
    public required string RecipeDirectory { get; init; }

    /// <summary>Absolute source paths, from the command line, the recipe, or the bundled sample.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public required IAnsiConsole Console { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    public required BuildState State { get; init; }

    /// <summary>DIR/&lt;stage&gt;/.</summary>
    public string StageDirectory(string stage) => Path.Combine(OutputDirectory, stage);

    /// <summary>A path inside a stage's folder.</summary>
    public string PathOf(string stage, params string[] parts) => Path.Combine([StageDirectory(stage), .. parts]);
}
