using System.Text;
using Wren.Runtime.Generation;

namespace Wren.Runtime.Chat;

/// <summary>Continues a raw prompt with a loaded model, streaming the text; shared by <c>wren generate</c> and <c>wren build</c>.</summary>
public static class PromptContinuation
{
    /// <param name="onText">Sees each piece of text as it is decoded (null: collect only).</param>
    public static async Task<GeneratedText> GenerateAsync(
        WrenModel model, string prompt, int maxTokens, SamplingOptions sampling, int? threads, Action<string>? onText, CancellationToken cancellationToken)
    {
        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { Parallel = 1, MaxQueue = 0, Threads = threads });
        var request = new TextGenerationRequest
        {
            PromptIds = model.Tokenizer.Encode(prompt, addSpecialTokens: true),
            MaxTokens = maxTokens,
            Sampling = sampling,
        };
        var generation = scheduler.Submit(request, cancellationToken);
        var ids = new List<int>();
        var text = new StringBuilder();
        await foreach (var chunk in generation.Chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (chunk.TokenId >= 0) ids.Add(chunk.TokenId);
            text.Append(chunk.Text);
            onText?.Invoke(chunk.Text);
        }
        var summary = await generation.Completion.ConfigureAwait(false);
        return new GeneratedText(prompt, ids, text.ToString(), summary);
    }
}
