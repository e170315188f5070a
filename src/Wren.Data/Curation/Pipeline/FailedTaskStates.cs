namespace Wren.Data.Curation.Pipeline;

/// <summary>States of a <see cref="FailedTask"/> that are not a scheduler's own words.</summary>
public static class FailedTaskStates
{
    /// <summary>The task was never started because an earlier stage failed.</summary>
    public const string NotRun = "not run";

    /// <summary>The task left the queue without writing its completion marker, and the scheduler gave no reason.</summary>
    public const string NoMarker = "ended without completing";
}
