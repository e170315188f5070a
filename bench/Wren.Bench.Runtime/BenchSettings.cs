namespace Wren.Bench.Runtime;

/// <summary>Run lengths: prompt and decode tokens per round, and measured rounds per engine and case.</summary>
internal sealed record BenchSettings(int PromptTokens, int DecodeTokens, int Rounds);
