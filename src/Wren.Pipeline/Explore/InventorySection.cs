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

public sealed record FormatCount(string Format, long Documents, long Bytes, long Words);

public sealed record UnreadableFile(string File, string Error);

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

public sealed record NamedCount(string Name, long Count);

public sealed record TableInventory(string Source, string Format, long Rows, string TextColumn, IReadOnlyList<ColumnInventory> Columns);

/// <summary>A column of a table: how many rows fill it, how many distinct values (capped), and what it looks like.</summary>
public sealed record ColumnInventory(string Name, long Filled, int Distinct, bool DistinctCapped, double MeanLength, string Role);
