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
    /// breaks, so that one huge log file never has to sit in memory whole; any other document (a page, a
    /// DOCX, a record, a JSONL line) longer than this is refused, as is an HTML or Markdown file of more bytes.</summary>
    public int MaxDocumentChars { get; init; } = 16 << 20;

    /// <summary>Mail headers (case-insensitive names) copied into each message's metadata as
    /// <c>headers: {lower-case name: value}</c>; task builders read labels and list footers from them.
    /// Empty (the default) records none, so curated documents stay as they were.</summary>
    public IReadOnlyList<string> MailHeaders { get; init; } = [];

    /// <summary>Follow symbolic links that lead outside the folder given. By default they are reported and
    /// not followed, so that nothing outside the source is read; links within it are never read twice.</summary>
    public bool FollowLinks { get; init; }

    /// <summary>Most bytes one input may expand to (an archive with everything nested in it, a compressed
    /// file, the XML inside a DOCX); past it the rest of the input is skipped and reported.</summary>
    public long MaxExpandedBytes { get; init; } = 4L << 30;

    /// <summary>Most bytes all inputs of a run may expand to together.</summary>
    public long MaxTotalExpandedBytes { get; init; } = 32L << 30;

    /// <summary>Most times a compressed entry may grow (expanded bytes over compressed bytes, checked once an
    /// entry passes 1 MiB): deflated text grows 3-10 times, XML up to ~30, zip bombs thousands of times.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Archives (and compressed files) inside one another that are opened; deeper ones are reported.</summary>
    public int MaxArchiveDepth { get; init; } = 4;
}
