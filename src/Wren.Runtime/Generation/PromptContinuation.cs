using System.Text;

namespace Wren.Runtime.Generation;

/// <summary>
/// Continues one prompt with a loaded model on a one-slot <see cref="GenerationScheduler"/>, the same path the server
/// and the chat client decode on; shared by <c>wren generate</c>, <c>wren build</c> and the training sampler.
/// </summary>
public static class PromptContinuation
{
    /// <summary>Continues a raw prompt, encoded with the tokenizer's special tokens.</summary>
    /// <param name="onText">Sees each piece of text as it is decoded (null: collect only).</param>
    public static Task<GeneratedText> GenerateAsync(
        WrenModel model, string prompt, int maxTokens, SamplingOptions sampling, int? threads, Action<string>? onText, CancellationToken cancellationToken) =>
        GenerateAsync(model, prompt, model.Tokenizer.Encode(prompt, addSpecialTokens: true), maxTokens, sampling,
            new GenerationSchedulerOptions { Parallel = 1, MaxQueue = 0, Threads = threads }, onText, cancellationToken);

    /// <summary>Continues prompt ids as given (a prompt already rendered by a chat template, say).</summary>
    /// <param name="prompt">The prompt's text, kept in the result.</param>
    public static async Task<GeneratedText> GenerateAsync(
        WrenModel model, string prompt, IReadOnlyList<int> promptIds, int maxTokens, SamplingOptions sampling, GenerationSchedulerOptions scheduling,
        Action<string>? onText, CancellationToken cancellationToken)
    {
        using var scheduler = new GenerationScheduler(model, scheduling with { Parallel = 1 });
        var request = new TextGenerationRequest
        {
            PromptIds = promptIds,
            MaxTokens = maxTokens,
            Sampling = sampling,
        };
        var generation = scheduler.Submit(request, cancellationToken);
        var ids = new List<int>();
        var text = new StringBuilder();
        await foreach (var chunk in generation.Chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // ReadAllAsync hands out what is already buffered without looking at the token, and the scheduler may be
            // far ahead: check before each piece so a cancelled generation shows nothing more.
            cancellationToken.ThrowIfCancellationRequested();
            if (chunk.TokenId >= 0) ids.Add(chunk.TokenId);
            text.Append(chunk.Text);
            onText?.Invoke(chunk.Text);
        }
        var summary = await generation.Completion.ConfigureAwait(false);
        return new GeneratedText(prompt, ids, text.ToString(), summary);
    }
}
