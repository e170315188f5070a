namespace Wren.Edge.Web;

/// <summary>What a web export wrote: for the CLI's summary and the build's index page.</summary>
public sealed record WebExportResult
{
    public required string OutputDirectory { get; init; }

    /// <summary>Each file and its size in bytes, relative to the site folder.</summary>
    public required IReadOnlyList<(string Path, long Bytes)> Files { get; init; }

    /// <summary>The whole site; a first visit downloads all of it but <c>_headers</c> and the licences.</summary>
    public long TotalBytes => Files.Sum(f => f.Bytes);

    public required long ModelBytes { get; init; }

    public required string ModelName { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
