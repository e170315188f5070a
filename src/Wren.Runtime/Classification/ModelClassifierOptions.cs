namespace Wren.Runtime.Classification;

/// <summary>How a <see cref="ModelTextClassifier"/> runs: how many inputs at once, on how many threads each.</summary>
public sealed record ModelClassifierOptions
{
    /// <summary>Inputs classified at the same time (one inference session each).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Threads each session runs its matrix products on.</summary>
    public int ThreadsPerWorker { get; init; } = 1;
}
