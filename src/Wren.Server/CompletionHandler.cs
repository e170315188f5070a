using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wren.Runtime.Generation;

namespace Wren.Server;

/// <summary>Runs a parsed request on the scheduler and answers in OpenAI's JSON or SSE shape.</summary>
/// <param name="stopping">Cancelled when the server shuts down: every running generation stops with it.</param>
internal sealed class CompletionHandler(GenerationScheduler scheduler, WrenServerOptions options, IServerMetrics? metrics, CancellationToken stopping)
{
    public async Task HandleAsync(HttpContext context, ParsedRequest request, bool chat)
    {
        long arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        int promptTokens = request.Generation.PromptIds.Count;
        // The slot needs room for the prompt and at least one generated token.
        if (promptTokens >= scheduler.MaxContext)
            throw new RequestException(400, $"This model's maximum context length is {scheduler.MaxContext} tokens. However, your {(chat ? "messages" : "prompt")} resulted in {promptTokens} tokens. " +
                $"Please reduce the length of the {(chat ? "messages" : "prompt")}.", param: chat ? "messages" : "prompt", code: "context_length_exceeded");
        using var timeout = new CancellationTokenSource(options.RequestTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token, stopping);
        if (!scheduler.TrySubmit(request.Generation, linked.Token, out var generation))
            throw new RequestException(429, "the server is busy: the request queue is full, retry later", type: "rate_limit_exceeded", code: "queue_full");
        string id = (chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string model = scheduler.Model.Name;
        try
        {
            if (!request.Stream)
            {
                var (text, _, summary) = await generation!.ReadAllAsync(linked.Token).ConfigureAwait(false);
                Record(summary);
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(Write(w =>
                {
                    Header(w, id, chat ? "chat.completion" : "text_completion", created, model);
                    w.WriteStartArray("choices");
                    w.WriteStartObject();
                    w.WriteNumber("index", 0);
                    if (chat)
                    {
                        w.WriteStartObject("message");
                        w.WriteString("role", "assistant");
                        w.WriteString("content", text);
                        w.WriteNull("refusal");
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteString("text", text);
                    }
                    w.WriteNull("logprobs");
                    w.WriteString("finish_reason", Reason(summary.FinishReason));
                    w.WriteEndObject();
                    w.WriteEndArray();
                    Usage(w, summary);
                    w.WriteEndObject();
                }), linked.Token).ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            if (chat) await Event(context, Chunk(id, created, model, chat, w => { w.WriteString("role", "assistant"); w.WriteString("content", ""); }, null, request.IncludeUsage), linked.Token).ConfigureAwait(false);
            bool first = true;
            await foreach (var chunk in generation!.Chunks.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                if (first)
                {
                    metrics?.FirstToken(System.Diagnostics.Stopwatch.GetElapsedTime(arrived));
                    first = false;
                }
                if (chunk.Text.Length == 0) continue;
                await Event(context, Chunk(id, created, model, chat, w => w.WriteString(chat ? "content" : "text", chunk.Text), null, request.IncludeUsage), linked.Token).ConfigureAwait(false);
            }
            var done = await generation.Completion.ConfigureAwait(false);
            Record(done, ttftObserved: !first);
            await Event(context, Chunk(id, created, model, chat, chat ? null : w => w.WriteString("text", ""), Reason(done.FinishReason), request.IncludeUsage), linked.Token).ConfigureAwait(false);
            if (request.IncludeUsage)
            {
                await Event(context, Write(w =>
                {
                    Header(w, id, chat ? "chat.completion.chunk" : "text_completion", created, model);
                    w.WriteStartArray("choices");
                    w.WriteEndArray();
                    Usage(w, done);
                    w.WriteEndObject();
                }), linked.Token).ConfigureAwait(false);
            }
            await context.Response.WriteAsync("data: [DONE]\n\n", linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            if (!context.Response.HasStarted) throw new RequestException(504, $"the request ran past the server's {options.RequestTimeout.TotalSeconds:0} s limit", type: "timeout", code: "timeout");
            await Event(context, OpenAiError.Json($"the request ran past the server's {options.RequestTimeout.TotalSeconds:0} s limit", "timeout", null, "timeout"), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A stream observes its first token as it is sent; an answer sent whole counts the scheduler's queue and prefill time.</summary>
    private void Record(TextGenerationSummary s, bool ttftObserved = false)
    {
        if (metrics is null) return;
        metrics.Finished(s);
        if (!ttftObserved) metrics.FirstToken(s.QueueTime + s.TimeToFirstToken);
    }

    private static string Reason(FinishReason reason) => reason == FinishReason.Stop ? "stop" : "length";

    private static byte[] Chunk(string id, long created, string model, bool chat, Action<Utf8JsonWriter>? delta, string? finish, bool includeUsage) => Write(w =>
    {
        Header(w, id, chat ? "chat.completion.chunk" : "text_completion", created, model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        if (chat)
        {
            w.WriteStartObject("delta");
            delta?.Invoke(w);
            w.WriteEndObject();
        }
        else
        {
            delta?.Invoke(w);
        }
        w.WriteNull("logprobs");
        if (finish is null) w.WriteNull("finish_reason"); else w.WriteString("finish_reason", finish);
        w.WriteEndObject();
        w.WriteEndArray();
        if (includeUsage) w.WriteNull("usage");
        w.WriteEndObject();
    });

    private static void Header(Utf8JsonWriter w, string id, string obj, long created, string model)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", obj);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
        w.WriteString("system_fingerprint", "wren");
    }

    private static void Usage(Utf8JsonWriter w, TextGenerationSummary s)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", s.PromptTokens);
        w.WriteNumber("completion_tokens", s.CompletionTokens);
        w.WriteNumber("total_tokens", s.PromptTokens + s.CompletionTokens);
        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(w);
        }
        return buffer.ToArray();
    }

    private static async Task Event(HttpContext context, byte[] json, CancellationToken ct)
    {
        await context.Response.Body.WriteAsync("data: "u8.ToArray(), ct).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(json, ct).ConfigureAwait(false);
        await context.Response.Body.WriteAsync("\n\n"u8.ToArray(), ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
