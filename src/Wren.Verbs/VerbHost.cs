namespace Wren.Verbs;

/// <summary>
/// Where a verb reads and writes and how it names itself: <c>wren</c> passes its console's writers and a resolver that
/// pulls hub models; <c>wren-run</c> passes the process's streams and takes local paths only.
/// </summary>
public sealed record VerbHost
{
    /// <summary>The program's name as errors and examples print it: <c>wren</c> or <c>wren-run</c>.</summary>
    public required string Tool { get; init; }

    public required TextReader In { get; init; }

    /// <summary>Results: generated text, JSON. Written as is and flushed at once, so a pipe sees tokens as they come.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Errors, timings and progress, which must not mix into results piped from stdout.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>What <c>--model</c> accepts besides a local path (appended to its help), empty where nothing else is.</summary>
    public string OtherModelSources { get; init; } = "";

    /// <summary>Turns a <c>--model</c> value into a local path (the identity where only local paths are accepted).</summary>
    public Func<string, CancellationToken, Task<string>> LocalModel { get; init; } = (model, _) => Task.FromResult(model);

    /// <summary>
    /// <c>serve</c>'s metrics exporter (<c>wren</c>: Prometheus, which needs reflection); null where the host has none
    /// (<c>wren-run</c>): then there is no /metrics and no <c>--open-metrics</c>.
    /// </summary>
    public Func<Wren.Runtime.Generation.GenerationScheduler, Wren.Server.IServerMetrics>? ServerMetrics { get; init; }

    /// <summary>
    /// A task run folder that <c>serve</c> serves with its task held on every answer (<c>wren</c>: wren task train's
    /// output), or null for a plain model; null where the host reads plain models only (<c>wren-run</c>).
    /// </summary>
    public Func<string, ServedFolder?>? FindServedTask { get; init; }

    public void Write(string text)
    {
        Out.Write(text);
        Out.Flush();
    }

    public void WriteLine(string text = "") => Write(text + Environment.NewLine);

    /// <summary>One line on stderr, as is (an error that scripts and logs read whole).</summary>
    public void ErrorLine(string text)
    {
        Error.WriteLine(text);
        Error.Flush();
    }
}
