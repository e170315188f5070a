namespace Wren.Runtime.Generation;

/// <summary>Timings of one generation run.</summary>
/// <param name="PromptTokens">Tokens prefilled.</param>
/// <param name="GeneratedTokens">Tokens sampled (the stop token included, as it was computed).</param>
/// <param name="TimeToFirstToken">From the start until the first token was sampled (prefill and one sampling).</param>
/// <param name="DecodeTime">From the first token until the last.</param>
public sealed record GenerationTimings(int PromptTokens, int GeneratedTokens, TimeSpan TimeToFirstToken, TimeSpan DecodeTime)
{
    /// <summary>Prompt tokens per second of prefill.</summary>
    public double PrefillTokensPerSecond => TimeToFirstToken > TimeSpan.Zero ? PromptTokens / TimeToFirstToken.TotalSeconds : 0;

    /// <summary>Tokens per second after the first (each one a forward pass of one token).</summary>
    public double DecodeTokensPerSecond => GeneratedTokens > 1 && DecodeTime > TimeSpan.Zero ? (GeneratedTokens - 1) / DecodeTime.TotalSeconds : 0;

    public override string ToString() =>
        $"{PromptTokens} prompt tokens, {GeneratedTokens} generated; first token {TimeToFirstToken.TotalMilliseconds:F0} ms; prefill {PrefillTokensPerSecond:F1} tok/s; decode {DecodeTokensPerSecond:F1} tok/s";
}
