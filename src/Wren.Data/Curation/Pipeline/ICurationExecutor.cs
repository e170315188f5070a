using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Runs the pending tasks of a curation run's stages: a stage starts only when every task of the
/// previous one has finished. Tasks whose completion marker exists are skipped, so the same call
/// continues an interrupted run. <see cref="LocalExecutor"/> runs them here; the Slurm executor
/// submits one job array per stage to a cluster that shares the run's folder.
/// </summary>
public interface ICurationExecutor
{
    /// <exception cref="CurationTasksFailedException">Some tasks did not complete (after the others ran as far as they could).</exception>
    void Run(CurationLayout layout, IReadOnlyList<ICurationStage> stages, IProgressSink progress, CancellationToken cancellationToken);
}
