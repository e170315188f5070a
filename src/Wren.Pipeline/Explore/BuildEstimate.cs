namespace Wren.Pipeline.Explore;

/// <summary>What Wren would build for a candidate: a model preset, its training on this machine and a larger run on a GPU.</summary>
public sealed record BuildEstimate(string Model, double Parameters, double TrainingTokens, double CpuMinutes, string Gpu, double GpuHours, double? GpuCostUsd, string Larger);
