using Wren.Runtime;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Some tasks of a curation run did not complete. The tasks that did keep their markers, so
/// <c>--resume</c> after fixing the cause runs only the failed ones and what depends on them.
/// </summary>
public sealed class CurationTasksFailedException : WrenException
{
    public CurationTasksFailedException(IReadOnlyList<FailedTask> failures)
        : base(Describe(failures))
    {
        Failures = failures;
    }

    public IReadOnlyList<FailedTask> Failures { get; }

    private static string Describe(IReadOnlyList<FailedTask> failures)
    {
        var first = failures.FirstOrDefault(f => f.LogPath is not null) ?? failures[0];
        string log = first.LogPath is null ? "" : $" (log: {first.LogPath}: {first.LastLines.ReplaceLineEndings(" ").Trim()})";
        int failed = failures.Count(f => f.State != FailedTaskStates.NotRun);
        return $"curation: {failed} task(s) failed and {failures.Count - failed} did not run; first: {first.Stage} task {first.Task} {first.State}{log}; fix the cause and rerun with --resume";
    }
}
