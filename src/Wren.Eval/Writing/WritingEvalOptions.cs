namespace Wren.Eval.Writing;

/// <summary>What <see cref="WritingTaskEvaluator"/> measures: a generate or extract task's test split, the systems, and the training split the baselines learn from.</summary>
public sealed record WritingEvalOptions
{
    public required string TaskName { get; init; }

    /// <summary>generate or extract.</summary>
    public required string Kind { get; init; }

    /// <summary>extract: the JSON Schema outputs are validated against.</summary>
    public string? SchemaJson { get; init; }

    public required IReadOnlyList<(string Input, string Output, string? Source)> Test { get; init; }

    public IReadOnlyList<(string Input, string Output)> Train { get; init; } = [];

    /// <summary>The systems to measure (the task model, the base model, a teacher); the baselines are added from <see cref="Train"/> when <see cref="Baselines"/>.</summary>
    public IReadOnlyList<WritingSystem> Systems { get; init; } = [];

    public bool Baselines { get; init; } = true;

    /// <summary>
    /// A judge model's 1-5 grade of one answer (input, reference, answer), null when its reply is not a grade; null:
    /// no judge. Every system's answers are graded and averaged.
    /// </summary>
    public Func<string, string, string, CancellationToken, Task<int?>>? Judge { get; init; }

    /// <summary>Examples listed as the task model's worst.</summary>
    public int WorstCount { get; init; } = 8;
}
