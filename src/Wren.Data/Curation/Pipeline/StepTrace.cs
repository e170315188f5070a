namespace Wren.Data.Curation.Pipeline;

/// <summary>One step's effect on one document, for <c>wren curate --explain</c>.</summary>
public sealed record StepTrace(string Step, string Outcome, string? Rule, double? Value, double? Threshold, string? Evidence, int CharsBefore, int CharsAfter, string Scores);
