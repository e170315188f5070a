namespace Wren.Pipeline.Build;

/// <summary>What to build and where, as given on <c>wren build</c>'s command line.</summary>
public sealed record BuildRequest
{
    /// <summary>Build folder: one folder per stage, build.json, index.html.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Files and folders to ingest; empty: the recipe's sources, else the bundled sample.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The recipe YAML, or null for the built-in recipe.</summary>
    public string? RecipePath { get; init; }

    /// <summary>A model preset that replaces the recipe's <c>model.preset</c>.</summary>
    public string? Preset { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Where a hub model named by <c>model.base_model</c> is pulled from and cached; null = the environment's (HF_ENDPOINT, HF_HOME, ...).</summary>
    public Runtime.Hub.HubSettings? Hub { get; init; }
}
