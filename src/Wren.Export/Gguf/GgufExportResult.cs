using Wren.Runtime.Quantization;

namespace Wren.Export.Gguf;

/// <summary>What an export wrote: for the CLI's summary and for tests.</summary>
public sealed record GgufExportResult
{
    public required string OutputPath { get; init; }
    public required string Architecture { get; init; }
    public required long FileBytes { get; init; }
    public required long ParameterCount { get; init; }
    public required int TensorCount { get; init; }

    /// <summary>How many tensors ended up in each type (fallbacks included).</summary>
    public required IReadOnlyDictionary<GgmlType, int> TensorsByType { get; init; }

    /// <summary>Tensors that could not take the requested type and why, e.g. "blk.0.ffn_down.weight: rows of 176 -> f16".</summary>
    public required IReadOnlyList<string> Fallbacks { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
