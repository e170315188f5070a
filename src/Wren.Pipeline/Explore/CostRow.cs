namespace Wren.Pipeline.Explore;

/// <summary>One run: a model of some size trained on some tokens; time on this CPU and on the GPU, cost, and D/20N.</summary>
public sealed record CostRow(string Run, double Parameters, double Tokens, double Epochs, double CpuHours, double GpuHours, double? CostUsd, double ChinchillaRatio);
