using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wren.Data.Tests.Teacher;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> endpoint on a free loopback port (HttpListener), answering with
/// what <see cref="Answer"/> returns and recording every request body, so tests check what the client sent. Failures
/// to inject (429 with Retry-After, 500) are queued in <see cref="Failures"/>.
/// </summary>
internal sealed class LoopbackOpenAiServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _inFlight;

    public LoopbackOpenAiServer(Func<JsonObject, string> answer)
    {
        Answer = answer;
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Endpoint = new Uri($"http://127.0.0.1:{port}/v1");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between probing and binding; try another.
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; private set; } = null!;

    public Func<JsonObject, string> Answer { get; set; }

    /// <summary>Bodies of the requests answered or failed, in arrival order.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>Status codes (with an optional Retry-After) to answer the next requests with, before answering normally.</summary>
    public ConcurrentQueue<(int Status, string? RetryAfter)> Failures { get; } = new();

    public TimeSpan Delay { get; set; }

    public int MaxInFlight { get; private set; }

    public List<DateTimeOffset> Arrivals { get; } = [];

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        int now = Interlocked.Increment(ref _inFlight);
        lock (Arrivals)
        {
            Arrivals.Add(DateTimeOffset.UtcNow);
            MaxInFlight = Math.Max(MaxInFlight, now);
        }

        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            Requests.Enqueue(body);
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
            if (Failures.TryDequeue(out var failure))
            {
                context.Response.StatusCode = failure.Status;
                if (failure.RetryAfter is not null) context.Response.Headers["Retry-After"] = failure.RetryAfter;
                await Write(context, "{\"error\":{\"message\":\"injected failure\",\"type\":\"server_error\"}}");
                return;
            }

            string content = Answer(body);
            int promptTokens = body["messages"]!.AsArray().Sum(m => m!["content"]!.GetValue<string>().Split(' ').Length);
            var response = new JsonObject
            {
                ["id"] = "chatcmpl-loopback",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = body["model"]!.GetValue<string>(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = 7, ["total_tokens"] = promptTokens + 7 },
            };
            context.Response.StatusCode = 200;
            await Write(context, response.ToJsonString());
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task Write(HttpListenerContext context, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    /// <summary>The text of the last message of a request.</summary>
    public static string LastMessage(JsonObject request) => request["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();

    public static string SystemMessage(JsonObject request) => request["messages"]!.AsArray()[0]!["content"]!.GetValue<string>();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }
}
