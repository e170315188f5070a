using Prometheus;
using Wren.Runtime.Generation;

namespace Wren.Server.Prometheus;

/// <summary>
/// Prometheus metrics of one server (its own registry, so several servers in one process stay apart). prometheus-net is
/// reflection-based, so it stays in the JIT host (<c>wren serve</c>); <see cref="WrenServer"/> only sees <see cref="IServerMetrics"/>.
/// </summary>
public sealed class PrometheusServerMetrics : IServerMetrics
{
    private readonly CollectorRegistry _registry;
    private readonly Counter _requests;
    private readonly Counter _tokens;
    private readonly Histogram _timeToFirstToken;
    private readonly Histogram _decodeTokensPerSecond;

    public PrometheusServerMetrics(GenerationScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(_registry);
        _requests = factory.CreateCounter("wren_requests_total", "HTTP API requests by endpoint and status.", "endpoint", "status");
        _tokens = factory.CreateCounter("wren_tokens_total", "Tokens processed, by kind (prompt, completion).", "kind");
        _timeToFirstToken = factory.CreateHistogram("wren_time_to_first_token_seconds", "From request arrival to the first generated token.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        _decodeTokensPerSecond = factory.CreateHistogram("wren_decode_tokens_per_second", "Decode rate of each finished request.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 14) });
        var queue = factory.CreateGauge("wren_queue_length", "Requests waiting for a generation slot.");
        var running = factory.CreateGauge("wren_active_sequences", "Sequences being generated.");
        var steps = factory.CreateCounter("wren_decode_steps_total", "Batched decode steps (each advances every active sequence by one token).");
        var stepTokens = factory.CreateCounter("wren_decode_step_sequences_total", "Sequences in those steps; over wren_decode_steps_total, the mean batch size.");
        _registry.AddBeforeCollectCallback(() =>
        {
            queue.Set(scheduler.QueueLength);
            running.Set(scheduler.ActiveCount);
            steps.IncTo(scheduler.DecodeSteps);
            stepTokens.IncTo(scheduler.DecodedTokens);
        });
    }

    /// <summary>For <see cref="WrenServerOptions.Metrics"/>: <c>Metrics = PrometheusServerMetrics.Create</c>.</summary>
    public static IServerMetrics Create(GenerationScheduler scheduler) => new PrometheusServerMetrics(scheduler);

    public string ContentType => "text/plain; version=0.0.4; charset=utf-8";

    public void RequestAnswered(string endpoint, int status) =>
        _requests.WithLabels(endpoint, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    public void FirstToken(TimeSpan sinceArrival) => _timeToFirstToken.Observe(sinceArrival.TotalSeconds);

    public void Finished(TextGenerationSummary summary)
    {
        _tokens.WithLabels("prompt").Inc(summary.PromptTokens);
        _tokens.WithLabels("completion").Inc(summary.CompletionTokens);
        if (summary.DecodeTokensPerSecond > 0) _decodeTokensPerSecond.Observe(summary.DecodeTokensPerSecond);
    }

    public Task ExportAsync(Stream body, CancellationToken cancellationToken) => _registry.CollectAndExportAsTextAsync(body, cancellationToken);
}
