namespace Wren.Pipeline.Explore;

/// <summary>The mail among the sources: messages, attachments, senders by domain, lists, folders and replies.</summary>
public sealed record MailInventory
{
    public long Messages { get; init; }

    public long Attachments { get; init; }

    public int DistinctSenders { get; init; }

    /// <summary>Sender domains (never addresses) with their message counts, most first.</summary>
    public IReadOnlyList<NamedCount> SenderDomains { get; init; } = [];

    /// <summary>Mailing lists (List-Id) with their message counts, most first.</summary>
    public IReadOnlyList<NamedCount> Lists { get; init; } = [];

    /// <summary>Mail folders (the first folder under a source) with their message counts.</summary>
    public IReadOnlyList<NamedCount> Folders { get; init; } = [];

    public long Replies { get; init; }
}
