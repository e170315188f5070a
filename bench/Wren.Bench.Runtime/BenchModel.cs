using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Bench.Runtime;

/// <summary>A model size to benchmark, with the shape of a real model of that size.</summary>
internal sealed record BenchModel(string Name, LlamaConfig Config)
{
    /// <summary>The three sizes: llama2.c's stories15M and stories110M, and Qwen2.5-0.5B's shape (as a Llama).</summary>
    public static IReadOnlyList<BenchModel> All { get; } =
    [
        new("15M", Llama(hidden: 288, layers: 6, heads: 6, kvHeads: 6, ffn: 768, vocab: 32000, tied: true)),
        new("110M", Llama(hidden: 768, layers: 12, heads: 12, kvHeads: 12, ffn: 2048, vocab: 32000, tied: true)),
        new("500M", Llama(hidden: 896, layers: 24, heads: 14, kvHeads: 2, ffn: 4864, vocab: 151936, tied: true)),
    ];

    private static LlamaConfig Llama(int hidden, int layers, int heads, int kvHeads, int ffn, int vocab, bool tied) => new()
    {
        Architecture = ModelArchitecture.Llama,
        HiddenSize = hidden,
        IntermediateSize = ffn,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        NumKeyValueHeads = kvHeads,
        HeadDim = hidden / heads,
        VocabSize = vocab,
        MaxPositionEmbeddings = 2048,
        TieWordEmbeddings = tied,
        RmsNormEps = 1e-5,
    };
}
