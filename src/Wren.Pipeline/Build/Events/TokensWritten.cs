using Wren.Training.Data;

namespace Wren.Pipeline.Build.Events;

/// <summary>The curated documents were encoded into token shards.</summary>
public sealed record TokensWritten(CorpusTokenizeResult Result) : BuildEvent;
