namespace Wren.Pipeline.Build.Recipe;

/// <summary>Which files of the sources are read (as <c>wren ingest --include/--exclude</c>).</summary>
public sealed record IngestSection
{
    public List<string> Include { get; init; } = [];

    public List<string> Exclude { get; init; } = [];
}
