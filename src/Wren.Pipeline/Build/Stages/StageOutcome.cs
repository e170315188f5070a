namespace Wren.Pipeline.Build.Stages;

/// <summary>What a stage made (paths relative to the build folder) and the figures it measured.</summary>
internal sealed record StageOutcome(IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, double> Metrics);
