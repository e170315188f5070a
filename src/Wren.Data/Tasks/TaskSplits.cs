namespace Wren.Data.Tasks;

/// <summary>The names of the three splits of a task folder, which are also its file names (<c>train.jsonl</c>, ...).</summary>
public static class TaskSplits
{
    public const string Train = "train";
    public const string Validation = "val";
    public const string Test = "test";

    public static IReadOnlyList<string> All { get; } = [Train, Validation, Test];
}
