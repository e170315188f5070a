namespace Wren.Runtime.Generation;

/// <summary>The output of <see cref="Generator.Generate"/>.</summary>
/// <param name="Tokens">Generated token ids (without the stop token).</param>
/// <param name="FinishReason">Why generation ended.</param>
/// <param name="Timings">Time to first token, prefill and decode rates.</param>
public sealed record GenerationResult(IReadOnlyList<int> Tokens, FinishReason FinishReason, GenerationTimings Timings);
