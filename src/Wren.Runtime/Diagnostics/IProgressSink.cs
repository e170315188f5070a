namespace Wren.Runtime.Diagnostics;

/// <summary>
/// Where long-running library work reports its progress. Libraries stay free of console code; the
/// CLI renders these as progress bars with rate and ETA, tests and servers pass <see cref="NullProgressSink"/>.
/// </summary>
public interface IProgressSink
{
    /// <param name="description">What is being done, e.g. "ingest".</param>
    /// <param name="total">Units of work in all, or null when unknown.</param>
    /// <param name="unit">What one unit is: "B" for bytes (rendered as MB/s), "docs", "tokens", "steps".</param>
    IProgressTask Begin(string description, double? total, string unit);
}

/// <summary>One bar of progress. Thread-safe: workers call <see cref="Increment"/> concurrently.</summary>
public interface IProgressTask : IDisposable
{
    void Increment(double amount);

    void SetTotal(double total);

    /// <summary>A short status shown beside the bar (e.g. "loss 3.21").</summary>
    void SetStatus(string status);
}
