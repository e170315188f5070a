using Wren.Data.Documents;

namespace Wren.Data.Curation.Pipeline;

/// <summary>One document's path through the per-document steps (<c>wren curate --explain</c>): the kind it was judged as, each step's outcome, and the drop if any.</summary>
public sealed record DocumentExplanation(Document Document, string Kind, IReadOnlyList<StepTrace> Trace, Rejection? Rejection);
