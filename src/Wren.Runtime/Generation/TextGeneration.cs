using System.Threading.Channels;

namespace Wren.Runtime.Generation;

/// <summary>A running sequence as its caller sees it: chunks as they are generated, then a summary.</summary>
public sealed class TextGeneration
{
    private readonly Channel<TextChunk> _chunks = Channel.CreateUnbounded<TextChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<TextGenerationSummary> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal TextGeneration(TextGenerationRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        CancellationToken = cancellationToken;
    }

    public TextGenerationRequest Request { get; }

    internal CancellationToken CancellationToken { get; }

    /// <summary>Chunks in order; completes when generation ends (with the error or cancellation, if any).</summary>
    public ChannelReader<TextChunk> Chunks => _chunks.Reader;

    /// <summary>The summary; faults or cancels like <see cref="Chunks"/>.</summary>
    public Task<TextGenerationSummary> Completion => _done.Task;

    internal void Emit(TextChunk chunk) => _chunks.Writer.TryWrite(chunk);

    internal void Finish(TextGenerationSummary summary)
    {
        _chunks.Writer.TryComplete();
        _done.TrySetResult(summary);
    }

    internal void Fail(Exception error)
    {
        _chunks.Writer.TryComplete(error);
        if (error is OperationCanceledException oce) _done.TrySetCanceled(oce.CancellationToken);
        else _done.TrySetException(error);
    }

    /// <summary>Reads the whole text (for non-streaming callers).</summary>
    public async Task<(string Text, IReadOnlyList<int> Ids, TextGenerationSummary Summary)> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        var ids = new List<int>();
        await foreach (var chunk in Chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (chunk.TokenId >= 0) ids.Add(chunk.TokenId);
            text.Append(chunk.Text);
        }
        return (text.ToString(), ids, await Completion.ConfigureAwait(false));
    }
}
