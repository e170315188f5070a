using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Recipe section <c>kinds</c>: the kind of each source, from ingest's <c>metadata.format</c>, and the
/// thresholds of each kind. A document whose format no kind lists (JSONL from another pipeline, with
/// no format) is <c>web</c>: every rule at its section's thresholds, as published.
/// </summary>
public sealed record KindsOptions
{
    [YamlMember(Description = @"long-form writing: reports, speeches, manuals, pages (lines are often visual lines, not paragraphs)")]
    public DocumentKindOptions Document { get; init; } = new();

    [YamlMember(Description = @"e-mail: short replies are worth keeping; greetings and sign-offs are short lines")]
    public MailKindOptions Mail { get; init; } = new();

    [YamlMember(Description = @"records from tables and logs: tickets, notes, knowledge-base rows")]
    public RecordKindOptions Record { get; init; } = new();
}
