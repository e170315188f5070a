using Wren.Export.Gguf;

namespace Wren.Export.HuggingFace;

/// <summary>What <see cref="HfCheckpointImporter"/> found, checked and wrote.</summary>
public sealed record HfImportResult
{
    /// <summary>The checkpoint folder actually read (e.g. OUT/final or OUT/checkpoint-00002000).</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>Weight types found in the checkpoint, e.g. "BF16".</summary>
    public required IReadOnlyList<string> SourceDTypes { get; init; }

    /// <summary>Number of safetensors files the weights were spread over.</summary>
    public required int SourceFiles { get; init; }

    public required HfExportResult Written { get; init; }

    /// <summary>Next-token logits of a short prompt on the imported model were all finite (a diverged run gives NaN).</summary>
    public required bool LogitsFinite { get; init; }
}
