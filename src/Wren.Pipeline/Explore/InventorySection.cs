namespace Wren.Pipeline.Explore;

/// <summary>What is there: documents by format, dates, mail senders and lists, record tables, unreadable files.</summary>
public sealed record InventorySection
{
    public required IReadOnlyList<FormatCount> Formats { get; init; }

    /// <summary>Earliest and latest date found in mail headers and date-like record columns (ISO 8601), or null.</summary>
    public string? FirstDate { get; init; }

    public string? LastDate { get; init; }

    public required MailInventory Mail { get; init; }

    public required IReadOnlyList<TableInventory> Tables { get; init; }

    public required int UnreadableCount { get; init; }

    /// <summary>The first unreadable files with their reasons.</summary>
    public required IReadOnlyList<UnreadableFile> Unreadable { get; init; }
}
