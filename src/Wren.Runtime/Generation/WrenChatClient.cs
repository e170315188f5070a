using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Wren.Runtime.Generation;

/// <summary>
/// <see cref="IChatClient"/> over a local model: renders the conversation with the model's chat template,
/// generates through a <see cref="GenerationScheduler"/> and maps <see cref="ChatOptions"/> to sampling
/// (Temperature, TopP, TopK, MaxOutputTokens, StopSequences, Seed, FrequencyPenalty, PresencePenalty).
/// </summary>
public sealed class WrenChatClient : IChatClient
{
    private readonly GenerationScheduler _scheduler;
    private readonly bool _ownsScheduler;

    /// <summary>Chats through an existing scheduler (shared with a server, say).</summary>
    public WrenChatClient(GenerationScheduler scheduler)
    {
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
    }

    /// <summary>Chats with a model through a scheduler of its own.</summary>
    public WrenChatClient(WrenModel model, GenerationSchedulerOptions? options = null)
    {
        _scheduler = new GenerationScheduler(model, options);
        _ownsScheduler = true;
    }

    /// <summary>Tokens generated when the options set no <see cref="ChatOptions.MaxOutputTokens"/>.</summary>
    public int DefaultMaxOutputTokens { get; init; } = 512;

    public WrenModel Model => _scheduler.Model;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var generation = Start(messages, options, cancellationToken);
        var (text, _, summary) = await generation.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = Model.Name,
            FinishReason = Map(summary.FinishReason),
            Usage = Usage(summary),
            CreatedAt = DateTimeOffset.UtcNow,
            ResponseId = NewId(),
        };
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var generation = Start(messages, options, cancellationToken);
        string id = NewId();
        await foreach (var chunk in generation.Chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested(); // chunks may already be buffered
            if (chunk.Text.Length == 0) continue;
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk.Text) { ResponseId = id, ModelId = Model.Name, CreatedAt = DateTimeOffset.UtcNow };
        }
        var summary = await generation.Completion.ConfigureAwait(false);
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = id,
            ModelId = Model.Name,
            FinishReason = Map(summary.FinishReason),
            Contents = [new UsageContent(Usage(summary))],
        };
    }

    /// <summary>Renders, encodes and queues a conversation.</summary>
    private TextGeneration Start(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var templateMessages = messages.Select(m => new TemplateMessage(m.Role.Value, m.Text)).ToList();
        int[] prompt = Model.EncodeChat(templateMessages);
        var request = new TextGenerationRequest
        {
            PromptIds = prompt,
            MaxTokens = options?.MaxOutputTokens ?? DefaultMaxOutputTokens,
            StopStrings = options?.StopSequences?.ToArray() ?? [],
            Sampling = ToSampling(options),
        };
        return _scheduler.Submit(request, cancellationToken);
    }

    /// <summary>Maps chat options to sampling options (unset ones keep the sampler's defaults).</summary>
    public static SamplingOptions ToSampling(ChatOptions? options) => options is null ? new SamplingOptions() : new SamplingOptions
    {
        Temperature = options.Temperature ?? 1f,
        TopP = options.TopP ?? 1f,
        TopK = options.TopK ?? 0,
        Seed = options.Seed is long seed ? unchecked((int)seed) : null,
        FrequencyPenalty = options.FrequencyPenalty ?? 0,
        PresencePenalty = options.PresencePenalty ?? 0,
    };

    private static ChatFinishReason Map(FinishReason reason) => reason == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length;

    private static UsageDetails Usage(TextGenerationSummary s) => new()
    {
        InputTokenCount = s.PromptTokens,
        OutputTokenCount = s.CompletionTokens,
        TotalTokenCount = s.PromptTokens + s.CompletionTokens,
    };

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("wren", null, Model.Name);
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType.IsInstanceOfType(_scheduler)) return _scheduler;
        return null;
    }

    public void Dispose()
    {
        if (_ownsScheduler) _scheduler.Dispose();
    }
}
