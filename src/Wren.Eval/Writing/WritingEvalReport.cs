namespace Wren.Eval.Writing;

/// <summary>What <see cref="WritingTaskEvaluator"/> measured: every system on the same test split, the worst examples of the task model, and which system won.</summary>
public sealed record WritingEvalReport
{
    public required string Task { get; init; }

    /// <summary>generate or extract.</summary>
    public required string Kind { get; init; }

    public required int Count { get; init; }

    /// <summary>The systems, best first by <see cref="WritingSystemResult.Primary"/>.</summary>
    public required IReadOnlyList<WritingSystemResult> Systems { get; init; }

    public IReadOnlyList<WritingExampleScore> Worst { get; init; } = [];

    /// <summary>A plain sentence: the task model wins, or which baseline beats it and by how much.</summary>
    public required string Verdict { get; init; }

    public IReadOnlyDictionary<string, double> Training { get; init; } = new Dictionary<string, double>();
}
