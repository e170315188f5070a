namespace Wren.Data.Curation.Pipeline;

/// <summary>A task that did not complete: where it ran (or would have), why, and its log.</summary>
/// <param name="Stage">The stage name ("map", "signatures", ...).</param>
/// <param name="Task">The task index (the input shard for per-shard stages).</param>
/// <param name="State">What the scheduler said, e.g. FAILED, CANCELLED, TIMEOUT, or "not run" when an earlier stage failed.</param>
/// <param name="LogPath">The task's log file (stdout and stderr), or null when it never started.</param>
/// <param name="LastLines">The end of the log: usually the error.</param>
public sealed record FailedTask(string Stage, int Task, string State, string? LogPath, string LastLines);
