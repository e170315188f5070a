namespace Wren.Edge.Worker;

/// <summary>Where the worker reads the model from.</summary>
public enum WorkerModelSource
{
    /// <summary>Bundled when the upload stays under Workers' script size limit, else R2.</summary>
    Auto,

    /// <summary>Inside the worker's bundle (imported as an ArrayBuffer).</summary>
    Bundle,

    /// <summary>From an R2 bucket, read once per isolate.</summary>
    R2,
}
