namespace Wren.Eval.Reports;

/// <summary>Every task score of one model.</summary>
public sealed record ModelReport
{
    /// <summary>The model folder as given.</summary>
    public required string Model { get; init; }

    public required long Parameters { get; init; }

    public required IReadOnlyList<TaskScore> Tasks { get; init; }

    public TaskScore? Find(string task) => Tasks.FirstOrDefault(t => t.Task == task);
}
