namespace Wren.Data.Curation.Pipeline;

/// <summary>Why a document was dropped: the step, its rule, the measured value and the threshold it crossed.</summary>
public sealed record Rejection(string Step, string Rule, double Value, double Threshold, string? Evidence = null);
