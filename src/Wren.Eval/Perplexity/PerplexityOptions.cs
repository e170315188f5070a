namespace Wren.Eval.Perplexity;

/// <summary>Window of a rolling loglikelihood.</summary>
public sealed record PerplexityOptions
{
    /// <summary>Tokens per forward pass; null = the scorer's max length.</summary>
    public int? MaxLength { get; init; }

    /// <summary>New tokens scored per window after the first; null = the max length (the harness's disjoint windows).
    /// A smaller stride gives every token more context at the cost of more passes.</summary>
    public int? Stride { get; init; }
}
