using Wren.Runtime.Hub;

namespace Wren.Pipeline.Evaluation;

/// <summary>Where <c>wren eval</c> writes its results when not told: beside the model's run, never into the hub cache.</summary>
public static class EvalOutputs
{
    /// <summary>
    /// eval.json in the folder that holds <paramref name="model"/> (its training run: out/train/eval.json for
    /// out/train/model); for a hub model (ORG/NAME), eval.json in the current folder rather than in the cache.
    /// </summary>
    public static string DefaultJson(string model) =>
        ModelResolver.HubReference(model) is not null
            ? "eval.json"
            : Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(model)))!, "eval.json");

    /// <summary>The chart page: the one asked for, else eval.html beside the JSON when models are compared, else none.</summary>
    public static string? Html(string? asked, string jsonPath, int models) =>
        asked ?? (models > 1 ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, "eval.html") : null);
}
