namespace Wren.Data.Curation.Pipeline;

/// <summary>The input shards of a curation run, one task each, and what ingesting the sources reported.</summary>
/// <param name="Shards">Shard files, in order.</param>
/// <param name="IngestErrors">Inputs that could not be read (each in <paramref name="ErrorsFile"/>); the run goes on without them.</param>
/// <param name="ErrorsFile">The <c>{"file","error"}</c> lines, or null when nothing was ingested.</param>
public sealed record CurationInputSet(IReadOnlyList<string> Shards, int IngestErrors, string? ErrorsFile);
