namespace Wren.Data.Curation.Pipeline;

/// <summary>A real dropped document kept as an example for the report: the value, and the offending part of its text.</summary>
public sealed record RejectionExample
{
    public required string Id { get; init; }

    public required double Value { get; init; }

    public required double Threshold { get; init; }

    /// <summary>The start of the text as it was when dropped (a few hundred characters).</summary>
    public required string Excerpt { get; init; }

    /// <summary>Why the rule fired, as <see cref="StepResult.Evidence"/> says it (counts, value against threshold).</summary>
    public string Evidence { get; init; } = "";

    /// <summary>The part that broke the rule, highlighted in the report where it appears in the excerpt.</summary>
    public string? Highlight { get; init; }
}
