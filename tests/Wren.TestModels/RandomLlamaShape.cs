using Wren.Runtime;

namespace Wren.TestModels;

/// <summary>
/// The shape of a Llama-architecture model, for random-weight GGUF files that benchmarks load into
/// both Wren and llama.cpp. The presets copy real models' shapes so memory traffic is realistic.
/// </summary>
public sealed record RandomLlamaShape
{
    public required int Embedding { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    public required int KvHeads { get; init; }
    public required int FeedForward { get; init; }
    public required int Vocab { get; init; }
    public int Context { get; init; } = 2048;
    public bool TiedEmbeddings { get; init; } = true;

    public int HeadDim => Embedding / Heads;

    /// <summary>Parameters in all (the tied output matrix counted once).</summary>
    public long ParameterCount
    {
        get
        {
            long c = Embedding, kv = (long)KvHeads * HeadDim;
            long perLayer = c * c * 2 + c * kv * 2 + 3 * c * FeedForward + 2 * c;
            return Vocab * c * (TiedEmbeddings ? 1 : 2) + Layers * perLayer + c;
        }
    }

    /// <summary>~15M parameters: llama2.c's stories15M (dim 288, 6 layers, 6 heads, ff 768, vocab 32000).</summary>
    public static RandomLlamaShape Stories15M { get; } = new() { Embedding = 288, Layers = 6, Heads = 6, KvHeads = 6, FeedForward = 768, Vocab = 32000 };

    /// <summary>~110M parameters: llama2.c's stories110M (dim 768, 12 layers, 12 heads, ff 2048, vocab 32000).</summary>
    public static RandomLlamaShape Stories110M { get; } = new() { Embedding = 768, Layers = 12, Heads = 12, KvHeads = 12, FeedForward = 2048, Vocab = 32000 };

    /// <summary>~500M parameters: Qwen2.5-0.5B's shape as a Llama (dim 896, 24 layers, 14 heads, 2 KV heads, ff 4864, vocab 151936).</summary>
    public static RandomLlamaShape Qwen05B { get; } = new() { Embedding = 896, Layers = 24, Heads = 14, KvHeads = 2, FeedForward = 4864, Vocab = 151936 };

    /// <summary>A preset by name: "15m", "110m" or "500m".</summary>
    public static RandomLlamaShape Preset(string name) => name.ToLowerInvariant() switch
    {
        "15m" => Stories15M,
        "110m" => Stories110M,
        "500m" => Qwen05B,
        _ => throw new WrenException($"unknown model size '{name}'; use 15m, 110m or 500m"),
    };
}
