namespace Wren.Runtime.Models.Architectures;

/// <summary>How an architecture normalises.</summary>
public enum NormKind
{
    /// <summary>y = w · x / rms(x) (Llama's RMSNorm).</summary>
    RmsNorm,
}
