using Wren.Runtime.Formats.Safetensors;

namespace Wren.Export.HuggingFace;

/// <summary>What <see cref="HfModelExporter"/> reads, writes, and in which weight type.</summary>
public sealed record HfExportOptions
{
    /// <summary>transformers' default <c>max_shard_size</c> ("5GB", decimal gigabytes).</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    /// <summary>A Hugging Face model folder: config.json, model.safetensors or its shards, tokenizer.json.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>The folder to write; it appears complete or not at all (written beside it, then renamed).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>F32, F16 or BF16 (norms and biases too, as <c>model.to(dtype).save_pretrained()</c> does).</summary>
    public SafetensorsDType DType { get; init; } = SafetensorsDType.F32;

    /// <summary>Weights larger than this are split into <c>model-0000N-of-0000M.safetensors</c> with an index, as save_pretrained does.</summary>
    public long MaxShardBytes { get; init; } = DefaultMaxShardBytes;

    /// <summary>Replace <see cref="OutputDirectory"/> when it already holds a model folder (config.json) or is empty.</summary>
    public bool Overwrite { get; init; } = true;
}
