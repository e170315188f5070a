using Wren.Data.Curation.Pipeline;

namespace Wren.Pipeline.Build.Events;

/// <summary>Curation's figures: per step what went in, what was kept, dropped and changed.</summary>
public sealed record CurationFinished(CurationStatistics Statistics) : BuildEvent;
