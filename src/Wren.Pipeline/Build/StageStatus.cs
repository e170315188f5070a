namespace Wren.Pipeline.Build;

/// <summary>The states a stage's entry in build.json can be in.</summary>
public static class StageStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
