namespace Wren.Runtime.Generation;

/// <summary>One sequence to generate: prompt ids, limits, sampling and stop strings.</summary>
public sealed record TextGenerationRequest
{
    public required IReadOnlyList<int> PromptIds { get; init; }

    public int MaxTokens { get; init; } = 256;

    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Text that ends generation (not included in the output).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];
}
