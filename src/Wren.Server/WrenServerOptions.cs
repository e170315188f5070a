namespace Wren.Server;

/// <summary>How <c>wren serve</c> listens and what it accepts.</summary>
public sealed record WrenServerOptions
{
    /// <summary>Address to bind; loopback unless asked otherwise.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>When set, every /v1 request, and /metrics unless <see cref="OpenMetrics"/>, needs
    /// <c>Authorization: Bearer KEY</c>; /health and the chat page stay open.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Serve /metrics without the API key (for a Prometheus scraper that cannot send one).</summary>
    public bool OpenMetrics { get; init; }

    /// <summary>
    /// Makes the metrics that /metrics exports, for the server's scheduler (<c>wren serve</c>: Prometheus); null serves
    /// no /metrics (the NativeAOT <c>wren-run serve</c>).
    /// </summary>
    public Func<Wren.Runtime.Generation.GenerationScheduler, IServerMetrics>? Metrics { get; init; }

    /// <summary>Largest request body in bytes (413 above).</summary>
    public long MaxRequestBodyBytes { get; init; } = 1 << 20;

    /// <summary>Largest max_tokens a request may ask for (400 above); also the default.</summary>
    public int MaxTokensLimit { get; init; } = 4096;

    /// <summary>Where the server logs warnings and errors (every 500 with its exception); default: one line each on stderr.</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; init; }

    /// <summary>Longest a request may run before it is stopped.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// What every answer is held to when a request gives no response_format (or asks for text): a served task model's
    /// label set or JSON Schema, so it answers only as its task allows. A request's own json_schema or json_object wins.
    /// </summary>
    public Wren.Runtime.Constraints.TokenConstraint? DefaultConstraint { get; init; }
}
