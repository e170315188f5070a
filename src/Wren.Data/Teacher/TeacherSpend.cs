namespace Wren.Data.Teacher;

/// <summary>What a teacher run cost: requests sent and answered from the cache, retries, tokens in and out, and dollars when prices are known. Thread-safe.</summary>
public sealed class TeacherSpend
{
    private long _requests, _cached, _retries, _inputTokens, _outputTokens;

    public TeacherSpend(double? inputDollarsPerMillion = null, double? outputDollarsPerMillion = null)
    {
        InputDollarsPerMillion = inputDollarsPerMillion;
        OutputDollarsPerMillion = outputDollarsPerMillion;
    }

    public double? InputDollarsPerMillion { get; }

    public double? OutputDollarsPerMillion { get; }

    /// <summary>Requests the endpoint answered (retries not counted again).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests answered from the cache, at no cost.</summary>
    public long Cached => Interlocked.Read(ref _cached);

    public long Retries => Interlocked.Read(ref _retries);

    public long InputTokens => Interlocked.Read(ref _inputTokens);

    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Dollars for the tokens sent and received; null unless both prices are known.</summary>
    public double? Dollars => InputDollarsPerMillion is { } i && OutputDollarsPerMillion is { } o
        ? (InputTokens * i + OutputTokens * o) / 1e6
        : null;

    internal void AddRequest(long inputTokens, long outputTokens)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _inputTokens, inputTokens);
        Interlocked.Add(ref _outputTokens, outputTokens);
    }

    internal void AddCached() => Interlocked.Increment(ref _cached);

    internal void AddRetry() => Interlocked.Increment(ref _retries);
}
