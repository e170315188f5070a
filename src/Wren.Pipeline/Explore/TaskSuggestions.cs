using Wren.Data.Sources;
using Wren.Pipeline.Build;

namespace Wren.Pipeline.Explore;

/// <summary>
/// The candidate tasks a build's sources support, for the end of <c>wren build</c> when its recipe names no task: the
/// explorer's detection from the data's structure alone (no curation dry run, baselines or CPU probe), so it costs one more read of the sources.
/// </summary>
public static class TaskSuggestions
{
    public static async Task<IReadOnlyList<TaskCandidateReport>> ForBuildAsync(BuildContext context, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Recipe.Tasks.Count > 0)
        {
            return [];
        }
        var report = await Explorer.RunAsync(new ExploreOptions
        {
            Sources = context.Sources,
            Source = new SourceOptions { Include = context.Recipe.Ingest.Include, Exclude = context.Recipe.Ingest.Exclude, Threads = context.Threads },
            AnalyseBytes = 0,
            MeasureCpu = false,
            MeasureBaselines = false,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        // Tasks a builder can make first: they come with a command to run.
        return report.Candidates.OrderByDescending(c => c.Command is not null).ThenByDescending(c => c.Score).Take(top).ToList();
    }
}
