namespace Wren.Runtime.Models.Architectures;

/// <summary>The gated feed-forward's activation: down(act(gate(x)) · up(x)).</summary>
public enum ActivationKind
{
    /// <summary>SiLU (SwiGLU): Llama, Qwen, Mistral, SmolLM.</summary>
    Silu,
}
