namespace Wren.Edge.Worker;

/// <summary>What a worker export wrote.</summary>
public sealed record WorkerExportResult
{
    public required string OutputDirectory { get; init; }

    public required string WorkerName { get; init; }

    public required string ModelName { get; init; }

    /// <summary>Bundle or R2 (Auto resolved).</summary>
    public required WorkerModelSource ModelSource { get; init; }

    /// <summary>The R2 object key the worker reads when the model is not bundled.</summary>
    public required string ModelKey { get; init; }

    /// <summary>The upload's size gzip-compressed, as Workers' script limit counts it.</summary>
    public required long BundleGzipBytes { get; init; }

    public required long ModelBytes { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
