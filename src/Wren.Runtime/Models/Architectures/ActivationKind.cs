namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// The feed-forward's activation: down(act(gate(x)) · up(x)) when the architecture has a gate (<see cref="ArchitectureDescription.GatedFeedForward"/>),
/// down(act(up(x))) when it has none (Phi-2's fc1/fc2).
/// </summary>
public enum ActivationKind
{
    /// <summary>SiLU (SwiGLU): Llama, Qwen, Mistral, SmolLM.</summary>
    Silu,

    /// <summary>
    /// GELU with the tanh approximation (transformers' <c>gelu_pytorch_tanh</c> and <c>gelu_new</c>): gated in Gemma 2 and 3
    /// (GeGLU), plain in Phi-2.
    /// </summary>
    GeluTanh,
}
