namespace Wren.Runtime.Models.Architectures;

/// <summary>The gated feed-forward's activation: down(act(gate(x)) · up(x)).</summary>
public enum ActivationKind
{
    /// <summary>SiLU (SwiGLU): Llama, Qwen, Mistral, SmolLM.</summary>
    Silu,

    /// <summary>GELU with the tanh approximation (GeGLU, transformers' <c>gelu_pytorch_tanh</c>): Gemma 2 and 3.</summary>
    GeluTanh,
}
