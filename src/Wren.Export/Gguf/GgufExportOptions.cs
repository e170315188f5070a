namespace Wren.Export.Gguf;

/// <summary>What to export and where.</summary>
public sealed record GgufExportOptions
{
    /// <summary>A Hugging Face model folder (config.json, model.safetensors or shards, tokenizer.json).</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>The .gguf file to write (atomically).</summary>
    public required string OutputPath { get; init; }

    public GgufExportType Type { get; init; } = GgufExportType.F16;

    /// <summary>general.name; defaults to the model folder's name.</summary>
    public string? Name { get; init; }
}
