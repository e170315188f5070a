namespace Wren.Runtime.Models.Architectures;

/// <summary>How an architecture normalises.</summary>
public enum NormKind
{
    /// <summary>y = w · x / rms(x) (Llama's RMSNorm).</summary>
    RmsNorm,

    /// <summary>y = w · (x − mean(x)) / √(var(x) + ε) + b (torch's LayerNorm with a bias): Phi-2.</summary>
    LayerNorm,
}
