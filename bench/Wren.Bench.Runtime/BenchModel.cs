using Wren.Export.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Tensors;
using Wren.TestModels;

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

    /// <summary>
    /// The random-weight GGUF file of this shape in <paramref name="dtype"/>, written once under
    /// <c>.cache/bench-models/</c> (gitignored) and then reused: Wren and llama.cpp load the same file.
    /// </summary>
    public string GgufPath(WeightDType dtype)
    {
        var type = dtype switch
        {
            WeightDType.F32 => GgufExportType.F32,
            WeightDType.F16 => GgufExportType.F16,
            WeightDType.BF16 => GgufExportType.BF16,
            WeightDType.Q8_0 => GgufExportType.Q8_0,
            WeightDType.Q4_0 => GgufExportType.Q4_0,
            WeightDType.Q4_K => GgufExportType.Q4_K,
            _ => throw new ArgumentException($"no GGUF export for {dtype}"),
        };
        string dir = Path.GetFullPath(Path.Combine(".cache", "bench-models"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"random-{Name}-{dtype}.gguf");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"writing {path} (once; cached for later runs)");
            RandomLlamaGguf.Write(path, RandomLlamaShape.Preset(Name.ToLowerInvariant()), type, seed: 1);
        }

        return path;
    }

    /// <summary>The bench prompt: <paramref name="tokens"/> random ids (fixed seed), the same for every engine.</summary>
    public int[] Prompt(int tokens)
    {
        var random = new Random(2);
        return Enumerable.Range(0, tokens).Select(_ => random.Next(Config.VocabSize)).ToArray();
    }

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
