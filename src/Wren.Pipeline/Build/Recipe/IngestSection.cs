using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>Which files of the sources are read (as <c>wren ingest --include/--exclude</c>).</summary>
public sealed record IngestSection
{
    [YamlMember(Description = "globs a file must match, e.g. '**/*.pdf' ([]: every file)")]
    public List<string> Include { get; init; } = [];

    [YamlMember(Description = "globs of files to leave out, e.g. '**/drafts/**'")]
    public List<string> Exclude { get; init; } = [];
}
