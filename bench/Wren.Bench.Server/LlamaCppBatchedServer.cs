using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Native;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Bench.Server;

/// <summary>
/// The peer: llama.cpp (LLamaSharp 0.30.0, CPU backend) behind a minimal OpenAI-compatible streaming
/// endpoint, the way llama-server runs it. One loop owns a <see cref="BatchedExecutor"/>: requests join as
/// conversations (up to <c>parallel</c> at once, the rest wait), every <see cref="BatchedExecutor.Infer"/>
/// runs the new prompts and one token of every running conversation in one llama_decode batch, and
/// finished conversations leave. Prompts are the ids Wren's chat template and tokenizer give, so both
/// servers see the same tokens; replies are greedy, as in the Wren runs.
/// </summary>
internal sealed class LlamaCppBatchedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LLamaWeights _weights;
    private readonly BatchedExecutor _executor;
    private readonly Channel<PeerRequest> _incoming = Channel.CreateUnbounded<PeerRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly WrenModel _prompts;
    private readonly int _parallel;
    private Task _loop = Task.CompletedTask;

    private LlamaCppBatchedServer(WebApplication app, LLamaWeights weights, BatchedExecutor executor, WrenModel prompts, int parallel)
    {
        _app = app;
        _weights = weights;
        _executor = executor;
        _prompts = prompts;
        _parallel = parallel;
    }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public static async Task<LlamaCppBatchedServer> StartAsync(string gguf, WrenModel prompts, int parallel, int threads)
    {
        NativeLibraryConfig.All.WithLogCallback((level, message) => { });
        var parameters = new ModelParams(gguf)
        {
            ContextSize = (uint)(parallel * 512),
            SeqMax = (uint)parallel,
            BatchSize = 512,
            UBatchSize = 512,
            GpuLayerCount = 0,
            Threads = threads,
            BatchThreads = threads,
            FlashAttention = false,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        var executor = new BatchedExecutor(weights, parameters);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LlamaCppBatchedServer(app, weights, executor, prompts, parallel);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server._loop = Task.Factory.StartNew(server.Loop, TaskCreationOptions.LongRunning).Unwrap();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var messages = body.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => new TemplateMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
        int maxTokens = body.RootElement.TryGetProperty("max_tokens", out var mt) ? mt.GetInt32() : 256;
        var request = new PeerRequest(_prompts.EncodeChat(messages), maxTokens, Channel.CreateUnbounded<int>(), context.RequestAborted);
        await _incoming.Writer.WriteAsync(request, context.RequestAborted);

        context.Response.ContentType = "text/event-stream";
        var text = new TextStreamDecoder(_prompts.Tokenizer);
        int count = 0;
        await foreach (int id in request.Tokens.Reader.ReadAllAsync(context.RequestAborted))
        {
            count++;
            string piece = text.Append(id);
            if (piece.Length > 0) await EventAsync(context, JsonSerializer.Serialize(new { choices = new[] { new { index = 0, delta = new { content = piece } } } }));
        }

        await EventAsync(context, JsonSerializer.Serialize(new { choices = Array.Empty<object>(), usage = new { prompt_tokens = request.PromptIds.Length, completion_tokens = count } }));
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static async Task EventAsync(HttpContext context, string json)
    {
        await context.Response.WriteAsync("data: " + json + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private async Task Loop()
    {
        var active = new List<(PeerRequest Request, Conversation Conversation, int Generated)>();
        var stops = _prompts.StopTokenIds;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                while (active.Count < _parallel && _incoming.Reader.TryRead(out var next))
                {
                    var conversation = _executor.Create();
                    conversation.Prompt(next.PromptIds.Select(id => (LLamaToken)id).ToArray().AsSpan());
                    active.Add((next, conversation, 0));
                }

                for (int i = active.Count - 1; i >= 0; i--)
                {
                    if (!active[i].Request.Cancellation.IsCancellationRequested) continue;
                    active[i].Conversation.Dispose();
                    active[i].Request.Tokens.Writer.TryComplete();
                    active.RemoveAt(i);
                }

                if (active.Count == 0)
                {
                    await _incoming.Reader.WaitToReadAsync(_stop.Token);
                    continue;
                }

                while (_executor.BatchQueueCount > 0)
                {
                    var result = await _executor.Infer(_stop.Token);
                    if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode returned {result}");
                }

                for (int i = active.Count - 1; i >= 0; i--)
                {
                    var (request, conversation, generated) = active[i];
                    if (!conversation.RequiresSampling) continue;
                    int token = ArgMax(conversation.Sample());
                    bool stop = stops.Contains(token);
                    if (!stop)
                    {
                        request.Tokens.Writer.TryWrite(token);
                        generated++;
                    }

                    if (stop || generated >= request.MaxTokens)
                    {
                        conversation.Dispose();
                        request.Tokens.Writer.TryComplete();
                        active.RemoveAt(i);
                    }
                    else
                    {
                        conversation.Prompt((LLamaToken)token);
                        active[i] = (request, conversation, generated);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var (request, conversation, _) in active)
            {
                conversation.Dispose();
                request.Tokens.Writer.TryComplete(new OperationCanceledException("the peer stopped"));
            }
        }
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _executor.Dispose();
        _weights.Dispose();
        _stop.Dispose();
    }

    private sealed record PeerRequest(int[] PromptIds, int MaxTokens, Channel<int> Tokens, CancellationToken Cancellation);
}
