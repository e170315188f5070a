namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Recipe section <c>kinds</c>: the kind of each source, from ingest's <c>metadata.format</c>, and the
/// thresholds of each kind. A document whose format no kind lists (JSONL from another pipeline, with
/// no format) is <c>web</c>: every rule at its section's thresholds, as published.
/// </summary>
public sealed record KindsOptions
{
    public DocumentKindOptions Document { get; init; } = new();

    public MailKindOptions Mail { get; init; } = new();

    public RecordKindOptions Record { get; init; } = new();
}
