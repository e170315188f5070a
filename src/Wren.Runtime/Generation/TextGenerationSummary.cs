namespace Wren.Runtime.Generation;

/// <summary>How a sequence ended.</summary>
/// <param name="FinishReason">Stop token or stop string (Stop), token limit (Length), or full context.</param>
/// <param name="PromptTokens">Prompt length.</param>
/// <param name="CompletionTokens">Tokens generated (the stop token not counted).</param>
/// <param name="TimeToFirstToken">From admission (prefill start) to the first sampled token.</param>
/// <param name="QueueTime">Time spent waiting for a free slot.</param>
/// <param name="DecodeTime">From the first token to the last.</param>
public sealed record TextGenerationSummary(FinishReason FinishReason, int PromptTokens, int CompletionTokens, TimeSpan TimeToFirstToken, TimeSpan QueueTime, TimeSpan DecodeTime)
{
    public double DecodeTokensPerSecond => CompletionTokens > 1 && DecodeTime > TimeSpan.Zero ? (CompletionTokens - 1) / DecodeTime.TotalSeconds : 0;

    public double PrefillTokensPerSecond => TimeToFirstToken > TimeSpan.Zero ? PromptTokens / TimeToFirstToken.TotalSeconds : 0;
}
