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

    /// <summary>~1.2B parameters: Llama-3.2-1B (dim 2048, 16 layers, 32 heads, 8 KV heads, ff 8192, vocab 128256, tied).</summary>
    public static RandomLlamaShape Llama1B { get; } = new() { Embedding = 2048, Layers = 16, Heads = 32, KvHeads = 8, FeedForward = 8192, Vocab = 128256 };

    /// <summary>~1.7B parameters: SmolLM2-1.7B (dim 2048, 24 layers, 32 heads, 32 KV heads, ff 8192, vocab 49152, tied).</summary>
    public static RandomLlamaShape SmolLM17B { get; } = new() { Embedding = 2048, Layers = 24, Heads = 32, KvHeads = 32, FeedForward = 8192, Vocab = 49152 };

    /// <summary>~3.2B parameters: Llama-3.2-3B (dim 3072, 28 layers, 24 heads, 8 KV heads, ff 8192, vocab 128256, tied).</summary>
    public static RandomLlamaShape Llama3B { get; } = new() { Embedding = 3072, Layers = 28, Heads = 24, KvHeads = 8, FeedForward = 8192, Vocab = 128256 };

    /// <summary>~3.1B parameters: Qwen2.5-3B's shape as a Llama (dim 2048, 36 layers, 16 heads, 2 KV heads, ff 11008, vocab 151936, tied).</summary>
    public static RandomLlamaShape Qwen3B { get; } = new() { Embedding = 2048, Layers = 36, Heads = 16, KvHeads = 2, FeedForward = 11008, Vocab = 151936 };

    /// <summary>The preset names, smallest first.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["15m", "110m", "500m", "1b", "1.7b", "3b", "3b-qwen"];

    /// <summary>A preset by name: "15m", "110m", "500m" (or "0.5b"), "1b", "1.7b", "3b" (Llama-3.2-3B) or "3b-qwen" (Qwen2.5-3B).</summary>
    public static RandomLlamaShape Preset(string name) => name.ToLowerInvariant() switch
    {
        "15m" => Stories15M,
        "110m" => Stories110M,
        "500m" or "0.5b" => Qwen05B,
        "1b" => Llama1B,
        "1.7b" => SmolLM17B,
        "3b" => Llama3B,
        "3b-qwen" => Qwen3B,
        _ => throw new WrenException($"unknown model size '{name}'; use one of {string.Join(", ", PresetNames)} (or 0.5b)"),
    };
}
