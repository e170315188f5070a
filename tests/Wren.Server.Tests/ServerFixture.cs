using Wren.Runtime.Generation;
using Wren.Server.Prometheus;
using Wren.Templates;

namespace Wren.Server.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 (free port) serving the tiny fixture model.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public static string ModelFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");

    public WrenModel Model { get; private set; } = null!;

    public GenerationScheduler Scheduler { get; private set; } = null!;

    public WrenServer Server { get; private set; } = null!;

    public Uri Address => Server.Address;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        Model = WrenModel.Load(ModelFolder, ChatTemplates.Jinja);
        Scheduler = new GenerationScheduler(Model, new GenerationSchedulerOptions { Parallel = 4, MaxQueue = 64, Threads = 1 });
        Server = await WrenServer.StartAsync(Scheduler, new WrenServerOptions { Port = 0, MaxRequestBodyBytes = 64 * 1024, MaxTokensLimit = 512, Metrics = PrometheusServerMetrics.Create });
        Http.BaseAddress = Address;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Scheduler.Dispose();
        Model.Dispose();
    }

    /// <summary>Starts a separate server with its own options (for key and queue tests), with wren serve's Prometheus metrics unless <paramref name="withMetrics"/> is false.</summary>
    public async Task<(WrenServer Server, GenerationScheduler Scheduler)> StartAnotherAsync(WrenServerOptions options, GenerationSchedulerOptions scheduling, bool withMetrics = true)
    {
        var scheduler = new GenerationScheduler(Model, scheduling);
        return (await WrenServer.StartAsync(scheduler, withMetrics ? options with { Metrics = PrometheusServerMetrics.Create } : options), scheduler);
    }
}
