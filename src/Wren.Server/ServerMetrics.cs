using Prometheus;

namespace Wren.Server;

/// <summary>Prometheus metrics of one server (its own registry, so several servers in one process stay apart).</summary>
internal sealed class ServerMetrics
{
    public ServerMetrics(Func<int> queueLength, Func<int> active, Func<long> decodeSteps, Func<long> decodedTokens)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("wren_requests_total", "HTTP API requests by endpoint and status.", "endpoint", "status");
        Tokens = factory.CreateCounter("wren_tokens_total", "Tokens processed, by kind (prompt, completion).", "kind");
        TimeToFirstToken = factory.CreateHistogram("wren_time_to_first_token_seconds", "From request arrival to the first generated token.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        DecodeTokensPerSecond = factory.CreateHistogram("wren_decode_tokens_per_second", "Decode rate of each finished request.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 14) });
        var queue = factory.CreateGauge("wren_queue_length", "Requests waiting for a generation slot.");
        var running = factory.CreateGauge("wren_active_sequences", "Sequences being generated.");
        var steps = factory.CreateCounter("wren_decode_steps_total", "Batched decode steps (each advances every active sequence by one token).");
        var stepTokens = factory.CreateCounter("wren_decode_step_sequences_total", "Sequences in those steps; over wren_decode_steps_total, the mean batch size.");
        Registry.AddBeforeCollectCallback(() =>
        {
            queue.Set(queueLength());
            running.Set(active());
            steps.IncTo(decodeSteps());
            stepTokens.IncTo(decodedTokens());
        });
    }

    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Counter Tokens { get; }

    public Histogram TimeToFirstToken { get; }

    public Histogram DecodeTokensPerSecond { get; }
}
