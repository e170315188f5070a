using Wren.Runtime.Formats.HuggingFace;

namespace Wren.TestModels;

/// <summary>
/// Phi-2's shape at a tiny scale, for the tests that write a random Phi-2 (<see cref="RandomHfModel"/>): as many key/value
/// heads as heads, a 4x feed-forward, partial rotary 0.4 (6 of 16 values, as int(16 · 0.4) rounds), LayerNorm epsilon 1e-5,
/// biases everywhere, an untied head; the vocabulary of the tiny-qwen2 tokenizer (1,024).
/// </summary>
public static class TinyPhi2
{
    public static LlamaConfig Config { get; } = new()
    {
        Architecture = ModelArchitecture.Phi2,
        HiddenSize = 64,
        IntermediateSize = 256,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 4,
        HeadDim = 16,
        VocabSize = 1024,
        RmsNormEps = 1e-5,
        PartialRotaryFactor = 0.4,
        MaxPositionEmbeddings = 256,
        AttentionBias = true,
        MlpBias = true,
    };
}
