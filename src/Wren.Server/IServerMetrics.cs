using Wren.Runtime.Generation;

namespace Wren.Server;

/// <summary>
/// What the server reports while it runs, for the metrics exporter its host plugs in (<c>wren serve</c>: Prometheus, in
/// Wren.Server.Prometheus). The server stays ahead-of-time compilable because the exporter, which uses reflection, lives
/// outside it; the NativeAOT <c>wren-run serve</c> has none and answers /metrics with 404.
/// </summary>
public interface IServerMetrics
{
    /// <summary>The Content-Type of <see cref="ExportAsync"/>'s text.</summary>
    string ContentType { get; }

    /// <summary>One HTTP request answered; <paramref name="endpoint"/> is the /v1 path, or "other".</summary>
    void RequestAnswered(string endpoint, int status);

    /// <summary>From the request's arrival to its first generated token.</summary>
    void FirstToken(TimeSpan sinceArrival);

    /// <summary>A generation finished: its token counts and decode rate.</summary>
    void Finished(TextGenerationSummary summary);

    /// <summary>Writes every series (the GET /metrics answer).</summary>
    Task ExportAsync(Stream body, CancellationToken cancellationToken);
}
