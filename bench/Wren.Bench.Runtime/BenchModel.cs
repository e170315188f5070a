using Wren.Export.Gguf;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Tensors;
using Wren.TestModels;

namespace Wren.Bench.Runtime;

/// <summary>A model size to benchmark, with the shape of a real model of that size (<see cref="RandomLlamaShape"/>'s presets).</summary>
internal sealed record BenchModel(string Name, string From, RandomLlamaShape Shape)
{
    /// <summary>
    /// llama2.c's stories15M and stories110M, then the open models the edge runs, as Llamas: Qwen2.5-0.5B, Llama-3.2-1B,
    /// SmolLM2-1.7B, Llama-3.2-3B and Qwen2.5-3B.
    /// </summary>
    public static IReadOnlyList<BenchModel> All { get; } =
    [
        new("15M", "llama2.c stories15M", RandomLlamaShape.Stories15M),
        new("110M", "llama2.c stories110M", RandomLlamaShape.Stories110M),
        new("500M", "Qwen2.5-0.5B", RandomLlamaShape.Qwen05B),
        new("1B", "Llama-3.2-1B", RandomLlamaShape.Llama1B),
        new("1.7B", "SmolLM2-1.7B", RandomLlamaShape.SmolLM17B),
        new("3B", "Llama-3.2-3B", RandomLlamaShape.Llama3B),
        new("3B-qwen", "Qwen2.5-3B", RandomLlamaShape.Qwen3B),
    ];

    /// <summary>A size by name, case-insensitive; 0.5B is 500M.</summary>
    public static BenchModel Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase) || (name.Equals("0.5B", StringComparison.OrdinalIgnoreCase) && m.Name == "500M"))
        ?? throw new ArgumentException($"--sizes: unknown size '{name}'; use {string.Join(", ", All.Select(m => m.Name))}");

    public LlamaConfig Config { get; } = new()
    {
        Architecture = ModelArchitecture.Llama,
        HiddenSize = Shape.Embedding,
        IntermediateSize = Shape.FeedForward,
        NumHiddenLayers = Shape.Layers,
        NumAttentionHeads = Shape.Heads,
        NumKeyValueHeads = Shape.KvHeads,
        HeadDim = Shape.HeadDim,
        VocabSize = Shape.Vocab,
        MaxPositionEmbeddings = Shape.Context,
        TieWordEmbeddings = Shape.TiedEmbeddings,
        RmsNormEps = 1e-5,
    };

    /// <summary>Where the GGUF files go: <c>.cache/bench-models/</c> (gitignored) unless <c>--model-dir</c> names another folder.</summary>
    public static string Directory { get; set; } = Path.Combine(".cache", "bench-models");

    /// <summary>
    /// The random-weight GGUF file of this shape in <paramref name="dtype"/>, written once under <see cref="Directory"/> and
    /// then reused: Wren and llama.cpp load the same file.
    /// </summary>
    public string GgufPath(WeightDType dtype)
    {
        string path = PathOf(dtype);
        if (!File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Console.Error.WriteLine($"writing {path} (once; cached for later runs)");
            RandomLlamaGguf.Write(path, Shape, ExportType(dtype), seed: 1); // GgufWriter writes a temporary file and renames it
        }

        return path;
    }

    /// <summary>Deletes this size's file of <paramref name="dtype"/> when it is larger than <paramref name="keepBelowBytes"/>.</summary>
    public void DeleteIfLarge(WeightDType dtype, long keepBelowBytes)
    {
        var file = new FileInfo(PathOf(dtype));
        if (!file.Exists || file.Length < keepBelowBytes) return;
        Console.Error.WriteLine($"deleting {file.FullName} ({file.Length / 1e9:F1} GB; --keep-models keeps it)");
        file.Delete();
    }

    /// <summary>The bench prompt: <paramref name="tokens"/> random ids (fixed seed), the same for every engine.</summary>
    public int[] Prompt(int tokens)
    {
        var random = new Random(2);
        return Enumerable.Range(0, tokens).Select(_ => random.Next(Shape.Vocab)).ToArray();
    }

    private string PathOf(WeightDType dtype) => Path.GetFullPath(Path.Combine(Directory, $"random-{Name}-{dtype}.gguf"));

    private static GgufExportType ExportType(WeightDType dtype) => dtype switch
    {
        WeightDType.F32 => GgufExportType.F32,
        WeightDType.F16 => GgufExportType.F16,
        WeightDType.BF16 => GgufExportType.BF16,
        WeightDType.Q8_0 => GgufExportType.Q8_0,
        WeightDType.Q4_0 => GgufExportType.Q4_0,
        WeightDType.Q4_1 => GgufExportType.Q4_1,
        WeightDType.Q5_1 => GgufExportType.Q5_1,
        WeightDType.Q4_K => GgufExportType.Q4_K,
        _ => throw new ArgumentException($"no GGUF export for {dtype}"),
    };
}
