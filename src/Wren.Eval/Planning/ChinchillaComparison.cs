namespace Wren.Eval.Planning;

/// <summary>
/// Where a plan sits against Hoffmann et al. 2022 ("Training Compute-Optimal Large Language
/// Models"): for a fixed compute budget, loss is lowest with about 20 training tokens per parameter
/// (their Table 3: 70B parameters on 1.4T tokens). Smaller models trained on more data than that
/// (LLaMA, Phi) are deliberate: more training compute buys a model that is cheaper to serve.
/// </summary>
public sealed record ChinchillaComparison
{
    public const double TokensPerParameter = 20;

    /// <summary>20·N: the compute-optimal token count for this model size.</summary>
    public required double OptimalTokens { get; init; }

    /// <summary>D / (20·N): 1 is compute-optimal, above 1 is over-trained (cheaper to serve), below under-trained.</summary>
    public required double Ratio { get; init; }

    /// <summary>The model size that this compute budget C would train compute-optimally: C = 6·N·(20·N), N = sqrt(C/120).</summary>
    public required double ComputeOptimalParameters { get; init; }

    /// <summary>20 x <see cref="ComputeOptimalParameters"/>.</summary>
    public required double ComputeOptimalTokens { get; init; }
}
