namespace Wren.Pipeline.Explore;

/// <summary>
/// A task the data's structure supports: what it is, how many examples, their labels, a measured baseline where
/// labels exist, what Wren would build and what it costs, and the <c>wren task data</c> command that builds it
/// (null where no builder makes that kind of task yet, with <see cref="Note"/> saying what to do instead).
/// </summary>
public sealed record TaskCandidateReport
{
    /// <summary>classify-records, route-mail, spam, reply-pairs, ticket-records, qa-records, grounded-qa, extract-fields.</summary>
    public required string Kind { get; init; }

    public required string Source { get; init; }

    public required string Title { get; init; }

    public required long Examples { get; init; }

    /// <summary>Examples per label, most first; null for tasks without labels.</summary>
    public IReadOnlyDictionary<string, long>? Labels { get; init; }

    public BaselineResult? Baseline { get; init; }

    /// <summary>What more labelled data is expected to add to the baseline (an estimate from its learning curve); null without a baseline.</summary>
    public LiftEstimate? Lift { get; init; }

    public BuildEstimate? Build { get; init; }

    public string? Command { get; init; }

    public string? Note { get; init; }

    /// <summary>How strongly the structure points at the task (0-1); candidates are listed by it.</summary>
    public required double Score { get; init; }
}
