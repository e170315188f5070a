namespace Wren.Data.Sources;

/// <summary>
/// What to read and how: the same options for <c>wren ingest</c> and for any stage that reads
/// sources itself (curation). Every property has a default that works on a plain folder.
/// </summary>
public sealed record SourceOptions
{
    /// <summary>Glob patterns (relative to each folder given) a file must match; empty means every file.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Glob patterns (relative to each folder given) that drop a file.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The column holding the text in CSV/TSV, Parquet and SQL results; by default a column named
    /// text, body, content, message or description (SQL: the second column).</summary>
    public string? TextColumn { get; init; }

    /// <summary>The field holding the text in JSONL records; by default <c>text</c> (or body/content/message).</summary>
    public string? TextField { get; init; }

    /// <summary>A query whose rows become documents: first column the id, then the text, the rest metadata.</summary>
    public string? Sql { get; init; }

    /// <summary>Where <see cref="Sql"/> runs: a SQLite connection string or database file, an Npgsql connection
    /// string (<c>Host=...;Username=...</c>) or a <c>postgres://user:password@host:port/db</c> URL.</summary>
    public string? Connection { get; init; }

    /// <summary>Files read at the same time. Output order does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>A plain-text file longer than this (in characters) is cut into several documents at line
    /// breaks, so that one huge log file never has to sit in memory whole.</summary>
    public int MaxDocumentChars { get; init; } = 16 << 20;

    /// <summary>Mail headers (case-insensitive names) copied into each message's metadata as
    /// <c>headers: {lower-case name: value}</c>; task builders read labels and list footers from them.
    /// Empty (the default) records none, so curated documents stay as they were.</summary>
    public IReadOnlyList<string> MailHeaders { get; init; } = [];
}
