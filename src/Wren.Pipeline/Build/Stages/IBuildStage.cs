namespace Wren.Pipeline.Build.Stages;

/// <summary>
/// One stage of <c>wren build</c>. Its input hash covers <see cref="RecipeSection"/>, <see cref="InputFiles"/> and the
/// output hashes of <see cref="Upstream"/>; its output hash covers <see cref="HashedOutputs"/>, the part later stages read.
/// </summary>
internal interface IBuildStage
{
    /// <summary>The stage's name, also its folder under the build directory.</summary>
    string Name { get; }

    /// <summary>What the stage does, one line.</summary>
    string Description { get; }

    /// <summary>Stages whose outputs this one reads.</summary>
    IReadOnlyList<string> Upstream { get; }

    /// <summary>The recipe settings the stage reads, as canonical text.</summary>
    string RecipeSection(BuildContext context);

    /// <summary>Files outside the build folder the stage reads (sources, eval task files).</summary>
    IReadOnlyList<string> InputFiles(BuildContext context);

    /// <summary>Paths (files or folders) inside the build folder that later stages read.</summary>
    IReadOnlyList<string> HashedOutputs(BuildContext context);

    /// <summary>Runs the stage into its (emptied) folder and returns its outputs and figures.</summary>
    Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken);
}
