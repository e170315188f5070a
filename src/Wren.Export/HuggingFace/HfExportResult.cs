using Wren.Runtime.Formats.Safetensors;

namespace Wren.Export.HuggingFace;

/// <summary>What <see cref="HfModelExporter"/> wrote: for the CLI's summary and for tests.</summary>
public sealed record HfExportResult
{
    public required string OutputDirectory { get; init; }

    /// <summary>The <c>architectures</c> entry, e.g. LlamaForCausalLM.</summary>
    public required string Architecture { get; init; }

    public required long ParameterCount { get; init; }

    public required SafetensorsDType DType { get; init; }

    public required int TensorCount { get; init; }

    /// <summary>1 for a single model.safetensors, else the number of shards listed in the index.</summary>
    public required int ShardCount { get; init; }

    /// <summary>Bytes of tensor data (headers excluded), the index's <c>total_size</c>.</summary>
    public required long WeightBytes { get; init; }

    /// <summary>File names written into <see cref="OutputDirectory"/>, sorted.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
