using Wren.Data.Sources;

namespace Wren.Pipeline.Build.Events;

/// <summary>The sources were read into document shards in <paramref name="Folder"/>.</summary>
public sealed record IngestFinished(IngestReport Report, string Folder) : BuildEvent;
