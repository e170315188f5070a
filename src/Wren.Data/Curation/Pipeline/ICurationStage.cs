namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// A stage of a curation run: independent tasks (usually one per input shard) that read the files
/// of earlier stages and write their own. Every task's output is written atomically, so a task
/// can be rerun after a crash, on this machine or another sharing the folder.
/// </summary>
public interface ICurationStage
{
    /// <summary>Stable name used in markers and statistics ("map", "signatures", ...).</summary>
    string Name { get; }

    int TaskCount { get; }

    void RunTask(int task, CancellationToken cancellationToken);
}
