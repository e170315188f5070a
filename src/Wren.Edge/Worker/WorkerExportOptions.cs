using Wren.Export.Gguf;

namespace Wren.Edge.Worker;

/// <summary>What <see cref="WorkerProjectExporter"/> writes and from what.</summary>
public sealed record WorkerExportOptions
{
    /// <summary>A Hugging Face model folder (config.json, safetensors, tokenizer.json).</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>The project folder to write (appears complete or not at all).</summary>
    public required string OutputDirectory { get; init; }

    public GgufExportType Type { get; init; } = GgufExportType.Q8_0;

    /// <summary>The model's id in /v1/models (default: the folder's name).</summary>
    public string? Name { get; init; }

    public WorkerModelSource ModelSource { get; init; } = WorkerModelSource.Auto;

    /// <summary>The R2 bucket that holds the model when it is not bundled.</summary>
    public string Bucket { get; init; } = "wren-models";

    /// <summary>
    /// The most a bundle may weigh, gzip-compressed, as Workers measure it: 10 MB on the paid plan (3 MB on
    /// the free one). With <see cref="WorkerModelSource.Auto"/>, a larger bundle leaves the model in R2.
    /// </summary>
    public long MaxBundleBytes { get; init; } = 10_000_000;
}
