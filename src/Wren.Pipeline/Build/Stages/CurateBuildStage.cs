using Wren.Data.Curation.Pipeline;
using Wren.Data.Sources;
using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Runtime;

namespace Wren.Pipeline.Build.Stages;

/// <summary>Documents to curated/, rejected/, stats.json and report.html in DIR/curate/ (the layout of <c>wren curate</c>).</summary>
internal sealed class CurateBuildStage : IBuildStage
{
    public const string CuratedFolder = "curated";

    public string Name => BuildStages.Curate;

    public string Description => "clean, filter, deduplicate and redact";

    public IReadOnlyList<string> Upstream => [BuildStages.Ingest];

    public string RecipeSection(BuildContext context) => BuildRecipeYaml.Canonical(context.Recipe.Curation);

    public IReadOnlyList<string> InputFiles(BuildContext context) => [];

    public IReadOnlyList<string> HashedOutputs(BuildContext context) => [context.PathOf(Name, CuratedFolder)];

    public Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        string documents = context.PathOf(BuildStages.Ingest, IngestPipeline.DocumentsFolder);
        CurationStatistics result;
        using (var progress = context.Observer.BeginProgress())
        {
            result = CurationPipeline.Run(new CurationRunOptions
            {
                Inputs = CurationInputs.FromPaths([documents]),
                OutputDirectory = context.StageDirectory(Name),
                Recipe = context.Recipe.Curation,
                Threads = context.Threads,
                Progress = progress,
            }, cancellationToken);
        }
        context.Observer.Reported(new CurationFinished(result));
        if (result.Output.Documents == 0)
        {
            throw new WrenException($"curate: every document was dropped; see {Path.Combine(context.StageDirectory(Name), "report.html")} and loosen the recipe's curation section");
        }
        return Task.FromResult(new StageOutcome(
            [Path.Combine(Name, CuratedFolder), Path.Combine(Name, "rejected"), Path.Combine(Name, "stats.json"), Path.Combine(Name, "report.html")],
            new Dictionary<string, double>
            {
                ["input_documents"] = result.Input.Documents,
                ["kept_documents"] = result.Output.Documents,
                ["rejected_documents"] = result.Rejected,
                ["kept_bytes"] = result.Output.Bytes,
                ["kept_words"] = result.Output.Words,
            }));
    }
}
