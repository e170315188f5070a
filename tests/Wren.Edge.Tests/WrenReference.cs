using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Edge.Tests;

/// <summary>What Wren's own runtime gives on the site's GGUF: the reference the browser and the worker must equal.</summary>
internal static class WrenReference
{
    /// <summary>Greedy ids for a raw prompt, as <c>wren generate --greedy --json</c> computes them.</summary>
    public static (int[] PromptIds, int[] Ids, string Text) Generate(string gguf, string prompt, int maxTokens)
    {
        using var model = WrenModel.Load(gguf, ChatTemplates.Jinja);
        var generated = PromptContinuation.GenerateAsync(model, prompt, maxTokens, new SamplingOptions { Temperature = 0 }, 1, null, CancellationToken.None).GetAwaiter().GetResult();
        return (model.Tokenizer.Encode(prompt, addSpecialTokens: true), [.. generated.Ids], generated.Text);
    }

    /// <summary>Greedy ids for a conversation, as <c>wren serve</c> answers /v1/chat/completions.</summary>
    public static (int[] PromptIds, int[] Ids, string Text) Chat(string gguf, IReadOnlyList<(string Role, string Content)> messages, int maxTokens)
    {
        using var model = WrenModel.Load(gguf, ChatTemplates.Jinja);
        int[] prompt = model.EncodeChat([.. messages.Select(m => new TemplateMessage(m.Role, m.Content))]);
        var generated = PromptContinuation.GenerateAsync(model, "", prompt, maxTokens, new SamplingOptions { Temperature = 0 },
            new GenerationSchedulerOptions { Threads = 1 }, null, CancellationToken.None).GetAwaiter().GetResult();
        int[] ids = [.. generated.Ids];
        return (prompt, ids, ids.Length == 0 ? "" : model.Tokenizer.Decode(ids, skipSpecialTokens: true));
    }
}
