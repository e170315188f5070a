using Wren.Export.Gguf;

namespace Wren.Edge.Web;

/// <summary>What <see cref="WebSiteExporter"/> writes and from what.</summary>
public sealed record WebExportOptions
{
    /// <summary>A Hugging Face model folder (config.json, safetensors, tokenizer.json).</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>The site folder to write (appears complete or not at all; an earlier export there is replaced).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The weights' type in the site's GGUF; Q8_0 keeps greedy output and is a quarter of F32.</summary>
    public GgufExportType Type { get; init; } = GgufExportType.Q8_0;

    /// <summary>The model's id in the page (default: the folder's name).</summary>
    public string? Name { get; init; }
}
