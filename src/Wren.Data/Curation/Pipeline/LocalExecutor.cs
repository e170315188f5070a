using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Runs the stages' tasks on this machine, a stage's tasks in parallel, skipping tasks whose
/// completion marker exists (so <c>--resume</c> continues where a killed run stopped).
/// </summary>
public sealed class LocalExecutor : ICurationExecutor
{
    private readonly int _threads;

    public LocalExecutor(int threads)
    {
        _threads = Math.Max(1, threads);
    }

    public void Run(CurationLayout layout, IReadOnlyList<ICurationStage> stages, IProgressSink progress, CancellationToken cancellationToken)
    {
        foreach (var stage in stages)
        {
            RunStage(layout, stage, progress, cancellationToken);
        }
    }

    private void RunStage(CurationLayout layout, ICurationStage stage, IProgressSink progress, CancellationToken cancellationToken)
    {
        var pending = CurationTasks.Pending(layout, stage);
        if (pending.Count == 0)
        {
            return;
        }
        using var bar = progress.Begin($"curate: {stage.Name}", stage.TaskCount, "tasks");
        bar.Increment(stage.TaskCount - pending.Count);
        Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken }, task =>
        {
            CurationTasks.Run(layout, stage, task, cancellationToken);
            bar.Increment(1);
        });
    }
}
