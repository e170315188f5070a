using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Runs a stage's tasks on this machine, in parallel, skipping tasks whose completion marker
/// exists (so <c>--resume</c> continues where a killed run stopped) and writing the marker only
/// after a task's outputs are complete.
/// </summary>
public sealed class LocalExecutor
{
    private readonly CurationLayout _layout;
    private readonly int _threads;
    private readonly IProgressSink _progress;

    public LocalExecutor(CurationLayout layout, int threads, IProgressSink progress)
    {
        _layout = layout;
        _threads = Math.Max(1, threads);
        _progress = progress;
    }

    /// <summary>Tasks run (not skipped) by the last <see cref="Run"/>.</summary>
    public int TasksRun { get; private set; }

    public void Run(ICurationStage stage, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_layout.Done);
        var pending = Enumerable.Range(0, stage.TaskCount).Where(t => !File.Exists(_layout.Marker(stage.Name, t))).ToList();
        TasksRun = pending.Count;
        if (pending.Count == 0)
        {
            return;
        }
        using var bar = _progress.Begin($"curate: {stage.Name}", stage.TaskCount, "tasks");
        bar.Increment(stage.TaskCount - pending.Count);
        Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken }, task =>
        {
            stage.RunTask(task, cancellationToken);
            AtomicFile.WriteAllText(_layout.Marker(stage.Name, task), DateTimeOffset.UtcNow.ToString("O"));
            bar.Increment(1);
        });
    }
}
