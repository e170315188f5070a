using Wren.Runtime.Generation;

namespace Wren.Server;

/// <summary>A validated /v1/chat/completions or /v1/completions request.</summary>
internal sealed record ParsedRequest(TextGenerationRequest Generation, bool Stream, bool IncludeUsage);
