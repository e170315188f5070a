namespace Wren.Data.Sources;

/// <summary>Bytes that all inputs of one run have expanded to so far (shared by the reader workers), against
/// <see cref="SourceOptions.MaxTotalExpandedBytes"/>.</summary>
internal sealed class ExpansionBudget(long limit)
{
    private long _total;

    public long Limit { get; } = limit;

    /// <summary>Adds <paramref name="bytes"/>; false once the run's total is past the limit.</summary>
    public bool TryCharge(long bytes) => Interlocked.Add(ref _total, bytes) <= Limit;
}
