using Wren.Pipeline.Build.Recipe;
using Wren.Runtime;

namespace Wren.Pipeline.Build;

/// <summary>What every stage of a build sees: the recipe, the resolved sources, the build folder and who is told what happens.</summary>
public sealed record BuildContext
{
    public required string OutputDirectory { get; init; }

    public required BuildRecipe Recipe { get; init; }

    /// <summary>Where relative paths in the recipe (eval files) are resolved from.</summary>
    public required string RecipeDirectory { get; init; }

    /// <summary>Absolute source paths, from the command line, the recipe, or the bundled sample.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public required IBuildObserver Observer { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    public required BuildState State { get; init; }

    /// <summary>DIR/&lt;stage&gt;/.</summary>
    public string StageDirectory(string stage) => Path.Combine(OutputDirectory, stage);

    /// <summary>A path inside a stage's folder.</summary>
    public string PathOf(string stage, params string[] parts) => Path.Combine([StageDirectory(stage), .. parts]);

    /// <summary>
    /// Reads and checks the recipe, resolves the sources and reads the build folder's state: everything that can fail
    /// on a typo fails here, before any stage runs.
    /// </summary>
    public static BuildContext Open(BuildRequest request, IBuildObserver observer)
    {
        string? recipePath = request.RecipePath;
        BuildRecipe loaded = recipePath is null ? new BuildRecipe() : BuildRecipeYaml.Load(recipePath);
        string recipeDirectory = recipePath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(recipePath))!;
        if (request.Preset is { } preset) loaded = loaded with { Model = loaded.Model with { Preset = preset } };
        loaded = BaseModelInputs.ResolveFromHub(loaded, recipeDirectory, request.Hub);
        BuildRecipeCheck.Validate(loaded, recipePath ?? "recipe", recipeDirectory);

        List<string> sources = request.Sources.Count > 0
            ? request.Sources.Select(s => Path.GetFullPath(s)).ToList()
            : loaded.Sources.Count > 0
                ? loaded.Sources.Select(s => Path.GetFullPath(s, recipeDirectory)).ToList()
                : [BundledSample.Find()];
        if (loaded.Tasks.Count == 0 && sources.Count == 1 && BundledSample.Is(sources[0]))
        {
            // The sample organization's own task: its mail routed to its mailing lists, labelled as the mail is.
            loaded = loaded with { Tasks = [BundledSample.Task(sources[0])] };
            BuildRecipeCheck.Validate(loaded, recipePath ?? "recipe", recipeDirectory);
        }
        foreach (string s in sources)
        {
            if (!File.Exists(s) && !Directory.Exists(s)) throw new WrenException($"source {s}: no such file or folder");
        }

        string outDirectory = Path.GetFullPath(request.OutputDirectory);
        BuildRunner.CheckOutputDirectory(outDirectory);
        var state = BuildState.TryRead(outDirectory) ?? new BuildState();
        state.Recipe = recipePath is null ? null : Path.GetFullPath(recipePath);
        state.Sources = sources;
        return new BuildContext
        {
            OutputDirectory = outDirectory,
            Recipe = loaded,
            RecipeDirectory = recipeDirectory,
            Sources = sources,
            Observer = observer,
            Threads = Math.Max(1, request.Threads),
            State = state,
        };
    }
}
