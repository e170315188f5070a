using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Wren.Runtime;
using Wren.Runtime.Generation;

namespace Wren.Server.Tests;

/// <summary>The server's life: starting on a taken port, logging what fails, stopping with streams open.</summary>
[Collection(ServerCollection.Name)]
public sealed class WrenServerTests(ServerFixture fixture)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task APortInUseIsOneLineNamingThePortAndTheOption()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var scheduler = new GenerationScheduler(fixture.Model, new GenerationSchedulerOptions { Threads = 1 });

        var log = new CapturedLog();

        var error = await Assert.ThrowsAsync<WrenException>(() => WrenServer.StartAsync(scheduler, new WrenServerOptions { Port = port, LoggerProvider = log }));

        Assert.Contains($"port {port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--port", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error); // no stack trace logged beside the one line
    }

    [Fact]
    public async Task AServerWithoutAMetricsExporterAnswersMetricsWithA404InOpenAisShape()
    {
        // wren-run serve's case: the NativeAOT build carries no Prometheus, and says so as an API error, not an empty page.
        var (server, scheduler) = await fixture.StartAnotherAsync(new WrenServerOptions { Port = 0 }, new GenerationSchedulerOptions { Threads = 1 }, withMetrics: false);
        await using (server)
        using (scheduler)
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            using var response = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("""{"error":{"message":"no route for GET /metrics","type":"invalid_request_error","param":null,"code":"not_found"}}""", await response.Content.ReadAsStringAsync());
            using var health = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Fact]
    public async Task EveryInternalErrorIsLoggedWithItsException()
    {
        var log = new CapturedLog();
        var (server, scheduler) = await fixture.StartAnotherAsync(new WrenServerOptions { Port = 0, LoggerProvider = log }, new GenerationSchedulerOptions { Threads = 1 });
        await using (server)
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            scheduler.Dispose(); // a server whose scheduler is gone: a fault of the server, not of the request

            using var response = await http.PostAsync("/v1/chat/completions", Json("""{"messages":[{"role":"user","content":"x"}],"max_tokens":2}"""));

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.DoesNotContain("ObjectDisposed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
            Assert.IsType<ObjectDisposedException>(entry.Exception);
            Assert.Contains("/v1/chat/completions", entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StoppingCancelsTheStreamsStillGenerating()
    {
        var (server, scheduler) = await fixture.StartAnotherAsync(new WrenServerOptions { Port = 0, MaxTokensLimit = 100000 }, new GenerationSchedulerOptions { Threads = 1, Parallel = 1, MaxContext = 8192 });
        using (scheduler)
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            // 8,000 tokens: seconds of work for the tiny model, well inside the host's 30 s shutdown wait,
            // so a server that let streams run on would send them to the end.
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = Json("""{"messages":[{"role":"user","content":"The"}],"max_tokens":8000,"temperature":0,"stream":true}"""),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            int events = 0;
            while (events < 2 && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal)) events++;
            }
            Assert.Equal(1, scheduler.ActiveCount);

            await server.DisposeAsync();

            string rest;
            try
            {
                rest = await reader.ReadToEndAsync();
            }
            catch (HttpRequestException)
            {
                rest = ""; // the connection was closed under the stream
            }
            catch (IOException)
            {
                rest = "";
            }
            Assert.DoesNotContain("[DONE]", rest, StringComparison.Ordinal);
            Assert.True(rest.Split("\n\n").Length < 8000, "the stream was cut, not run to its end");
            await Eventually.HoldsAsync(() => scheduler.ActiveCount == 0, "the cancelled sequence left its slot");
        }
    }
}
