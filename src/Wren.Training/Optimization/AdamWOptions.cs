namespace Wren.Training.Optimization;

/// <summary>AdamW hyper-parameters (torch.optim.AdamW defaults except weight decay, which LLM recipes set to 0.1).</summary>
public sealed record AdamWOptions
{
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;
    public double Epsilon { get; init; } = 1e-8;
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Decay every tensor, norms and biases too (what a bare torch.optim.AdamW over model.parameters() does); off by default.</summary>
    public bool DecayAllParameters { get; init; }
}
