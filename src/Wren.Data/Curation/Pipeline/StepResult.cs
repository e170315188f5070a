namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// What a step decided for one document: keep it (perhaps with its text changed, which the pipeline
/// sees by comparing the text), or drop it, saying which rule, the measured value, the threshold it
/// crossed and the evidence a person reads to check the decision, and optionally the offending part
/// of the text (shown highlighted in the report).
/// </summary>
public readonly record struct StepResult
{
    public bool Dropped { get; private init; }

    public string Rule { get; private init; }

    public double Value { get; private init; }

    public double Threshold { get; private init; }

    /// <summary>
    /// Why, in words a person can check against the text: the repeated lines or n-grams with their
    /// counts, the measured value beside the threshold, the match. Never empty for a drop.
    /// </summary>
    public string? Evidence { get; private init; }

    /// <summary>The offending part of the text as it appears in it (a line, an n-gram, a match), or null.</summary>
    public string? Highlight { get; private init; }

    public static StepResult Keep => default;

    /// <exception cref="ArgumentException"><paramref name="evidence"/> is null or empty: every drop must say why.</exception>
    public static StepResult Drop(string rule, double value, double threshold, string evidence, string? highlight = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(evidence);
        return new() { Dropped = true, Rule = rule, Value = value, Threshold = threshold, Evidence = evidence, Highlight = string.IsNullOrEmpty(highlight) ? null : highlight };
    }
}
