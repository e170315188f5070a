namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// What a step decided for one document: keep it (perhaps with its text changed, which the pipeline
/// sees by comparing the text), or drop it, saying which rule, the measured value and the threshold
/// it crossed, and optionally the offending part of the text (shown highlighted in the report).
/// </summary>
public readonly record struct StepResult
{
    public bool Dropped { get; private init; }

    public string Rule { get; private init; }

    public double Value { get; private init; }

    public double Threshold { get; private init; }

    /// <summary>The offending excerpt (a line, an n-gram, a match), or null.</summary>
    public string? Evidence { get; private init; }

    public static StepResult Keep => default;

    public static StepResult Drop(string rule, double value, double threshold, string? evidence = null) =>
        new() { Dropped = true, Rule = rule, Value = value, Threshold = threshold, Evidence = evidence };
}
