namespace Wren.Data.Teacher;

/// <summary>
/// Spaces request starts so that no more than a given number start per minute (a provider's requests-per-minute
/// limit), without a burst at the start. Hand-written: the BCL has no rate limiter and this is a dozen lines.
/// </summary>
internal sealed class RequestPacer
{
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public RequestPacer(double? requestsPerMinute)
    {
        if (requestsPerMinute is <= 0) throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), "requests per minute must be positive");
        _interval = requestsPerMinute is { } rpm ? TimeSpan.FromMinutes(1 / rpm) : TimeSpan.Zero;
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval == TimeSpan.Zero) return Task.CompletedTask;
        DateTimeOffset slot;
        lock (_lock)
        {
            var now = DateTimeOffset.UtcNow;
            slot = _next > now ? _next : now;
            _next = slot + _interval;
        }

        var wait = slot - DateTimeOffset.UtcNow;
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }
}
