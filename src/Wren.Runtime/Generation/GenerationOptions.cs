namespace Wren.Runtime.Generation;

/// <summary>What one generation run produces and when it stops.</summary>
public sealed record GenerationOptions
{
    /// <summary>Most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Token ids that end generation (not included in the output), e.g. the model's eos ids.</summary>
    public IReadOnlyCollection<int> StopTokenIds { get; init; } = [];

    public SamplingOptions Sampling { get; init; } = new();
}
