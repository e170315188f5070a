using Wren.Data.Sources;
using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;

namespace Wren.Pipeline.Build.Stages;

/// <summary>Sources to document shards in DIR/ingest/ (the layout of <c>wren ingest</c>).</summary>
internal sealed class IngestBuildStage : IBuildStage
{
    public string Name => BuildStages.Ingest;

    public string Description => "read files, mail and records into documents";

    public IReadOnlyList<string> Upstream => [];

    public string RecipeSection(BuildContext context) =>
        BuildRecipeYaml.Canonical(new { sources = context.Sources, ingest = context.Recipe.Ingest });

    public IReadOnlyList<string> InputFiles(BuildContext context) => context.Sources;

    public IReadOnlyList<string> HashedOutputs(BuildContext context) => [context.PathOf(Name, IngestPipeline.DocumentsFolder)];

    public async Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var options = new SourceOptions
        {
            Include = context.Recipe.Ingest.Include,
            Exclude = context.Recipe.Ingest.Exclude,
            Threads = context.Threads,
        };
        string folder = context.StageDirectory(Name);
        IngestReport report;
        using (var progress = context.Observer.BeginProgress())
        {
            report = await IngestPipeline.RunAsync(context.Sources, options, folder, progress, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        context.Observer.Reported(new IngestFinished(report, folder));
        if (report.Documents == 0)
        {
            throw new Runtime.WrenException($"ingest: no documents in {string.Join(", ", context.Sources)} (see {report.ErrorsFile})");
        }
        return new StageOutcome(
            [Path.Combine(Name, IngestPipeline.DocumentsFolder), Path.Combine(Name, IngestPipeline.ErrorsFileName)],
            new Dictionary<string, double>
            {
                ["documents"] = report.Documents,
                ["input_files"] = report.InputFiles,
                ["input_bytes"] = report.InputBytes,
                ["errors"] = report.Errors.Count,
            });
    }
}
