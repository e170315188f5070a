using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using Wren.Runtime;

namespace Wren.Data.Teacher;

/// <summary>
/// Asks an OpenAI-compatible endpoint through the official OpenAI .NET client, with Wren's rules around it: answers
/// cached on disk by request, at most <see cref="TeacherOptions.Concurrency"/> requests in flight and
/// <see cref="TeacherOptions.RequestsPerMinute"/> started, retries with backoff (<see cref="TeacherRetryPolicy"/>),
/// and every token counted in <see cref="Spend"/>.
/// </summary>
public sealed class TeacherClient : IDisposable
{
    /// <summary>What a local server without keys gets as key (the client requires one).</summary>
    public const string NoKey = "no-key";

    private readonly ChatClient _chat;
    private readonly TeacherOptions _options;
    private readonly TeacherCache? _cache;
    private readonly SemaphoreSlim _slots;
    private readonly RequestPacer _pacer;

    public TeacherClient(TeacherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Concurrency <= 0) throw new WrenException($"teacher concurrency must be positive, got {options.Concurrency}");
        if (options.MaxRetries < 0) throw new WrenException($"teacher retries must not be negative, got {options.MaxRetries}");
        if (string.IsNullOrWhiteSpace(options.Model)) throw new WrenException("no teacher model given (--teacher-model)");
        _options = options;
        Spend = new TeacherSpend(options.InputDollarsPerMillion, options.OutputDollarsPerMillion);
        string key = Environment.GetEnvironmentVariable(options.ApiKeyVariable) is { Length: > 0 } k ? k : NoKey;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new TeacherRetryPolicy(options.MaxRetries, options.RetryDelay, options.MaxRetryDelay, Spend),
            NetworkTimeout = options.RequestTimeout,
        };
        _chat = new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
        _cache = options.CacheFolder is { } folder ? new TeacherCache(folder) : null;
        _slots = new SemaphoreSlim(options.Concurrency);
        _pacer = new RequestPacer(options.RequestsPerMinute);
    }

    public TeacherSpend Spend { get; }

    public string Model => _options.Model;

    /// <summary>The teacher's answer to <paramref name="messages"/>, from the cache when this exact request was answered before.</summary>
    public async Task<TeacherReply> CompleteAsync(IReadOnlyList<TeacherMessage> messages, CancellationToken cancellationToken)
    {
        string request = TeacherCache.RequestJson(_options.Model, _options.Temperature, _options.MaxOutputTokens, messages);
        if (_cache?.TryGet(request) is { } cached)
        {
            Spend.AddCached();
            return cached;
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
            var chatMessages = messages.Select<TeacherMessage, ChatMessage>(m => m.Role switch
            {
                "system" => new SystemChatMessage(m.Content),
                "assistant" => new AssistantChatMessage(m.Content),
                _ => new UserChatMessage(m.Content),
            }).ToList();
            var settings = new ChatCompletionOptions { Temperature = _options.Temperature, MaxOutputTokenCount = _options.MaxOutputTokens };
            ChatCompletion completion;
            try
            {
                completion = (await _chat.CompleteChatAsync(chatMessages, settings, cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (ClientResultException e)
            {
                bool retried = e.Status is 408 or 429 or >= 500 or 0;
                throw new TeacherRequestException(e.Status,
                    $"teacher {_options.Endpoint} ({_options.Model}): HTTP {e.Status}{(retried ? $" after {_options.MaxRetries} retries" : "")}: {FirstLine(e.Message)}");
            }

            string text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            var reply = new TeacherReply(text, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0, FromCache: false);
            Spend.AddRequest(reply.InputTokens, reply.OutputTokens);
            _cache?.Put(request, reply);
            return reply;
        }
        finally
        {
            _slots.Release();
        }
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n');
        return newline < 0 ? message : message[..newline].TrimEnd();
    }

    public void Dispose() => _slots.Dispose();
}
