namespace Wren.Pipeline.Explore;

/// <summary>
/// Where explore's time went: a phase's wall seconds and the process's CPU seconds over it; for the parts of the
/// close look (curation, PII, MinHash...) the seconds summed over the worker threads, with no CPU figure.
/// </summary>
public sealed record PhaseTiming(string Name, double Seconds, double? CpuSeconds);
