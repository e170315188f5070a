namespace Wren.Data.Tasks;

/// <summary>How a task folder is made from a builder's candidates.</summary>
public sealed record TaskBuildOptions
{
    /// <summary>The task's name (task.json).</summary>
    public required string Name { get; init; }

    /// <summary>classify, generate or extract (<see cref="TaskDefinition.Kinds"/>).</summary>
    public string Kind { get; init; } = TaskDefinition.ClassifyKind;

    /// <summary>extract: the JSON Schema the outputs must follow; null: inferred from the outputs (<see cref="ExtractSchema.Infer"/>).</summary>
    public string? SchemaJson { get; init; }

    /// <summary>The task folder to write: task.json, train.jsonl, val.jsonl, test.jsonl.</summary>
    public required string OutputFolder { get; init; }

    public ulong Seed { get; init; } = 1;

    public double ValidationFraction { get; init; } = 0.1;

    public double TestFraction { get; init; } = 0.2;

    /// <summary>A label with fewer examples than this is rare (too few to learn and to measure).</summary>
    public int MinPerLabel { get; init; } = 10;

    public RareLabelPolicy RareLabels { get; init; } = RareLabelPolicy.Refuse;

    /// <summary>The label rare labels are merged into with <see cref="RareLabelPolicy.Other"/>.</summary>
    public string OtherLabel { get; init; } = "other";
}
