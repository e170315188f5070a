namespace Wren.Bench.Runtime;

/// <summary>Figures of one engine in one round.</summary>
/// <param name="DecodeCpuMillisecondsPerToken">Process CPU time per decoded token (all threads, spinning included):
/// unlike wall time it stays meaningful on a machine shared with other work.</param>
/// <param name="PrefillCpuMillisecondsPerToken">Process CPU time per prompt token during prefill, the same way: on one thread the
/// prefill ratio that load on the machine barely moves.</param>
internal sealed record RoundResult(double PrefillTokensPerSecond, double DecodeTokensPerSecond, double DecodeCpuMillisecondsPerToken, double PrefillCpuMillisecondsPerToken);
