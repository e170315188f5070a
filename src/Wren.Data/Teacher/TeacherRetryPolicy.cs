using System.ClientModel.Primitives;
using System.Globalization;

namespace Wren.Data.Teacher;

/// <summary>
/// The OpenAI client's retry policy (it retries 408, 429, 5xx and dropped connections) with the wait Wren wants: the
/// server's <c>Retry-After</c> (seconds or an HTTP date) or <c>retry-after-ms</c> when it sends one, else exponential
/// backoff with jitter, never longer than the configured cap; each retry is counted in the spend.
/// </summary>
internal sealed class TeacherRetryPolicy : ClientRetryPolicy
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _max;
    private readonly TeacherSpend _spend;

    public TeacherRetryPolicy(int maxRetries, TimeSpan first, TimeSpan max, TeacherSpend spend) : base(maxRetries)
    {
        _first = first;
        _max = max;
        _spend = spend;
    }

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        _spend.AddRetry();
        TimeSpan delay = ServerDelay(message.Response) ?? Backoff(tryCount);
        return delay > _max ? _max : delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    private TimeSpan Backoff(int tryCount)
    {
        double factor = Math.Pow(2, Math.Max(0, tryCount - 1));
        // Up to 25% jitter, so that many workers throttled at once do not come back at once.
        double jitter = 1 + Random.Shared.NextDouble() * 0.25;
        return TimeSpan.FromMilliseconds(_first.TotalMilliseconds * factor * jitter);
    }

    internal static TimeSpan? ServerDelay(PipelineResponse? response)
    {
        if (response is null) return null;
        if (response.Headers.TryGetValue("retry-after-ms", out string? ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double millis))
            return TimeSpan.FromMilliseconds(millis);
        if (!response.Headers.TryGetValue("Retry-After", out string? value) || string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)) return when - DateTimeOffset.UtcNow;
        return null;
    }
}
