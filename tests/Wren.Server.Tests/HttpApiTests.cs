using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Wren.Runtime.Generation;

namespace Wren.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class HttpApiTests(ServerFixture fixture)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error").Clone();
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _));
        Assert.DoesNotContain("   at ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public async Task RawSseChunksHaveOpenAisShapeAndEndWithDone()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json("""{"model":"tiny-llama","messages":[{"role":"user","content":"The"}],"max_tokens":8,"temperature":0,"stream":true,"stream_options":{"include_usage":true}}"""),
        };
        using var response = await fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync();
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var final = chunks[^2].GetProperty("choices")[0];
        Assert.Equal("length", final.GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(8, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.All(chunks[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
    }

    [SkippableFact]
    public async Task CurlStreamsTheSameEvents()
    {
        Skip.IfNot(File.Exists("/usr/bin/curl"), "curl is not installed at /usr/bin/curl (./test.sh installs it as root)");
        var psi = new ProcessStartInfo("/usr/bin/curl", ["-sN", "-H", "Content-Type: application/json", "-d",
            """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":5,"temperature":0,"stream":true}""", new Uri(fixture.Address, "/v1/chat/completions").ToString()])
        { RedirectStandardOutput = true };
        using var curl = Process.Start(psi)!;
        string output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.Equal(0, curl.ExitCode);
        Assert.EndsWith("data: [DONE]\n\n", output, StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"length\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletionsContinueARawPrompt()
    {
        var prompt = "Call me Ishmael. Some years ago";
        using var response = await fixture.Http.PostAsync("/v1/completions", Json($$"""{"prompt":"{{prompt}}","max_tokens":24,"temperature":0}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = doc.RootElement.GetProperty("choices")[0];
        Assert.Equal("text_completion", doc.RootElement.GetProperty("object").GetString());
        // transformers' greedy continuation of this prompt (ref_outputs.json, prompt 2)
        Assert.Equal(", I have been paid to the corporation of the United States, and the United States,", choice.GetProperty("text").GetString());
        Assert.Equal(24, doc.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task MalformedJsonIsA400InOpenAisShape()
    {
        using var response = await fixture.Http.PostAsync("/v1/chat/completions", Json("""{"messages": [ {"role": "user", """));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"n":2}""", "n")]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":100000}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"stop":[1]}""", "stop")]
    public async Task InvalidFieldsAre400sNamingTheParam(string body, string param)
    {
        using var response = await fixture.Http.PostAsync("/v1/chat/completions", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await ErrorOf(response)).GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("/v1/chat/completions", "messages")]
    [InlineData("/v1/completions", "prompt")]
    public async Task APromptLongerThanTheContextIsA400NamingBothLengths(string path, string field)
    {
        string words = string.Join(' ', Enumerable.Repeat("whale", 600)); // several tokens each for the tiny model: well past 256
        string body = field == "messages" ? $$"""{"messages":[{"role":"user","content":"{{words}}"}]}""" : $$"""{"prompt":"{{words}}"}""";

        using var response = await fixture.Http.PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(field, error.GetProperty("param").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.Contains($"maximum context length is {fixture.Scheduler.MaxContext} tokens", message, StringComparison.Ordinal);
        Assert.Matches($"your {field} resulted in [0-9]+ tokens", message);
    }

    [Fact]
    public async Task AnUnknownModelIsA404()
    {
        using var response = await fixture.Http.PostAsync("/v1/chat/completions", Json("""{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await ErrorOf(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnOversizeBodyIsA413()
    {
        string big = new('a', 100 * 1024);
        using var response = await fixture.Http.PostAsync("/v1/chat/completions", Json($$"""{"messages":[{"role":"user","content":"{{big}}"}]}"""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ErrorOf(response);
    }

    [Fact]
    public async Task ApiKeyIsRequiredWhenSet()
    {
        var (server, scheduler) = await fixture.StartAnotherAsync(new WrenServerOptions { Port = 0, ApiKey = "s3cret" }, new GenerationSchedulerOptions { Threads = 1 });
        await using (server)
        using (scheduler)
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            const string body = """{"messages":[{"role":"user","content":"x"}],"max_tokens":2}""";
            using var missing = await http.PostAsync("/v1/chat/completions", Json(body));
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("invalid_api_key", (await ErrorOf(missing)).GetProperty("code").GetString());
            var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(body) };
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "nope");
            using var wrongResponse = await http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
            var right = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(body) };
            right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
            using var ok = await http.SendAsync(right);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            using var health = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var page = await http.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            using var metrics = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
            var keyed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
            using var keyedMetrics = await http.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.OK, keyedMetrics.StatusCode);
            Assert.Contains("wren_", await keyedMetrics.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task OpenMetricsServesMetricsWithoutTheKeyButStillGuardsTheApi()
    {
        var (server, scheduler) = await fixture.StartAnotherAsync(new WrenServerOptions { Port = 0, ApiKey = "s3cret", OpenMetrics = true }, new GenerationSchedulerOptions { Threads = 1 });
        await using (server)
        using (scheduler)
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            using var metrics = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            using var models = await http.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        }
    }

    [Fact]
    public async Task AClientThatDisconnectsMidStreamFreesItsSlot()
    {
        // A context of 65,536 and as many tokens asked for: the tiny model writes 200 tokens faster than a
        // client reads its first event, but not this many, so the hang-up always comes mid-stream.
        var (server, scheduler) = await fixture.StartAnotherAsync(new WrenServerOptions { Port = 0, MaxTokensLimit = 100000 }, new GenerationSchedulerOptions { Threads = 1, Parallel = 1, MaxQueue = 0, MaxContext = 65536 });
        await using (server)
        using (scheduler)
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = Json("""{"messages":[{"role":"user","content":"The"}],"max_tokens":65000,"temperature":0,"stream":true}"""),
            };
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            // The role chunk is written before the sequence has a slot; the first token comes from the slot.
            int events = 0;
            while (events < 2 && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal)) events++;
            }
            Assert.Equal(2, events);
            Assert.Equal(1, scheduler.ActiveCount);
            response.Dispose(); // abrupt: the connection is dropped mid-stream

            await Eventually.HoldsAsync(() => scheduler.ActiveCount == 0, "the dropped stream's slot is free");
            // The handler has returned once the request is counted; a sequence that finished would have
            // counted its tokens before, a cancelled one counts none.
            await Eventually.HoldsAsync(async () => await SeriesAsync(http, "wren_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}") == 1, "the dropped request is counted");
            Assert.Equal(0, await SeriesAsync(http, "wren_tokens_total{kind=\"completion\"}"));
            using var next = await http.PostAsync("/v1/chat/completions", Json("""{"messages":[{"role":"user","content":"x"}],"max_tokens":3}"""));
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
    }

    [Fact]
    public async Task FiftyConcurrentRequestsAllComplete()
    {
        var tasks = Enumerable.Range(0, 50).Select(async i =>
        {
            bool stream = i % 2 == 0;
            using var response = await fixture.Http.PostAsync("/v1/chat/completions",
                Json($$"""{"messages":[{"role":"user","content":"Request {{i}}"}],"max_tokens":6,"temperature":0.7,"seed":{{i}},"stream":{{(stream ? "true" : "false")}}}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            if (stream) Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
            else Assert.Contains("\"finish_reason\"", body, StringComparison.Ordinal);
            return true;
        });
        var results = await Task.WhenAll(tasks);
        Assert.Equal(50, results.Count(r => r));
        using var metrics = await fixture.Http.GetAsync("/metrics");
        string text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("wren_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}", text, StringComparison.Ordinal);
        Assert.Contains("wren_time_to_first_token_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("wren_tokens_total{kind=\"completion\"}", text, StringComparison.Ordinal);
        Assert.Contains("wren_queue_length", text, StringComparison.Ordinal);
        // 50 requests on 4 slots: the slots were decoded together, more than one sequence per step on average.
        double steps = MetricValue(text, "wren_decode_steps_total"), sequences = MetricValue(text, "wren_decode_step_sequences_total");
        Assert.True(steps > 0 && sequences > steps, $"{sequences} sequences in {steps} decode steps");
    }

    /// <summary>One series of the server's /metrics; 0 while it has not been counted yet.</summary>
    private static async Task<double> SeriesAsync(HttpClient http, string series)
    {
        string text = await http.GetStringAsync("/metrics");
        string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double MetricValue(string exposition, string name)
    {
        foreach (string line in exposition.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal)) return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }

        throw new Xunit.Sdk.XunitException($"{name} is not in /metrics");
    }

    [Fact]
    public async Task AFullQueueAnswers429()
    {
        var (server, scheduler) = await fixture.StartAnotherAsync(new WrenServerOptions { Port = 0, MaxTokensLimit = 100000 }, new GenerationSchedulerOptions { Threads = 1, Parallel = 1, MaxQueue = 1, MaxContext = 8192 });
        await using (server)
        using (scheduler)
        using (var http = new HttpClient { BaseAddress = server.Address })
        using (var cts = new CancellationTokenSource())
        {
            // 8,000 greedy tokens (the tiny model does not stop on its own from "The"): seconds of work, so the
            // slot stays taken while the second request waits in the queue, however loaded the machine is.
            const string longBody = """{"messages":[{"role":"user","content":"The"}],"max_tokens":8000,"temperature":0,"stream":true}""";
            var first = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(longBody) }, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var second = http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(longBody) }, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (scheduler.QueueLength < 1 && waiting.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(5);
            Assert.True(scheduler.QueueLength == 1 && scheduler.ActiveCount == 1, $"queue {scheduler.QueueLength}, active {scheduler.ActiveCount}: the second request never waited");
            using var third = await http.PostAsync("/v1/chat/completions", Json(longBody));
            Assert.Equal((HttpStatusCode)429, third.StatusCode);
            Assert.Equal("queue_full", (await ErrorOf(third)).GetProperty("code").GetString());
            cts.Cancel();
            first.Dispose();
            try { (await second).Dispose(); } catch (OperationCanceledException) { }
        }
    }

    [Fact]
    public async Task ModelsHealthAndUnknownRoutes()
    {
        using var models = JsonDocument.Parse(await fixture.Http.GetStringAsync("/v1/models"));
        Assert.Equal("list", models.RootElement.GetProperty("object").GetString());
        Assert.Equal("tiny-llama", models.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
        using var health = JsonDocument.Parse(await fixture.Http.GetStringAsync("/health"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        using var missing = await fixture.Http.GetAsync("/v1/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await ErrorOf(missing);
    }
}
