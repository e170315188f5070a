namespace Wren.Data.Sources;

/// <summary>The outcome of an ingestion run: what was written, per-format counts and every bad input.</summary>
public sealed record IngestReport
{
    public required IReadOnlyList<FormatStatistics> Formats { get; init; }

    /// <summary>Every input that could not be read, in input order.</summary>
    public required IReadOnlyList<IngestError> Errors { get; init; }

    /// <summary>Inputs read with a caveat (Latin-1 text, CSV rows merged by a quote), in input order.</summary>
    public IReadOnlyList<IngestError> Warnings { get; init; } = [];

    public required long Documents { get; init; }

    /// <summary>Input files found (before reading), and their total size in bytes.</summary>
    public required long InputFiles { get; init; }

    public required long InputBytes { get; init; }

    /// <summary>Files skipped because no reader knows their format (not errors: a folder often holds such files).</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    /// <summary>The <see cref="Skipped"/> files counted by extension (lower case, "" for none), most first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> SkippedByExtension() =>
        Skipped.GroupBy(s => Path.GetExtension(s).ToLowerInvariant()).OrderByDescending(g => g.Count())
            .Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();

    public required IReadOnlyList<string> ShardFiles { get; init; }

    /// <summary>Path of <c>ingest-errors.jsonl</c>.</summary>
    public required string ErrorsFile { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
