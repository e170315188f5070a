using Wren.Runtime;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Training.FineTuning;

/// <summary>
/// Renders conversations with a model's own Jinja chat template (the runtime's <see cref="ChatTemplate"/>) and finds
/// which text is the assistant's without knowing the template's markup. For each assistant message i it renders the
/// conversation up to i with the generation prompt (everything the model is given before it speaks) and up to and
/// including i without it (everything through the end of its turn): the text between the two, both being prefixes of
/// the full rendering, is what the model must produce, i.e. the reply and its end-of-turn marker (trailing whitespace
/// that the template writes between turns is left out). Templates whose prefixes do not line up with the full text
/// (some rewrite earlier turns) fall back to locating the reply's content in the full text.
/// </summary>
public sealed class ChatTemplateRenderer(ChatTemplate template) : IChatRenderer
{
    public ChatTemplate Template { get; } = template;

    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        var all = ToTemplate(messages, messages.Count);
        string full = Template.Render(all, addGenerationPrompt: false);
        var segments = new List<ChatSegment>();
        int cursor = 0;
        for (int i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role != "assistant") continue;
            var (start, end) = FindReply(messages, i, full, cursor);
            if (start < cursor || end <= start) continue; // an empty reply renders nothing to learn
            if (start > cursor) segments.Add(new ChatSegment(full[cursor..start], false));
            segments.Add(new ChatSegment(full[start..end], true));
            cursor = end;
        }

        if (cursor < full.Length) segments.Add(new ChatSegment(full[cursor..], false));
        return segments;
    }

    /// <summary>[start, end) of assistant message <paramref name="index"/>'s trainable text in <paramref name="full"/>.</summary>
    private (int Start, int End) FindReply(IReadOnlyList<ChatMessage> messages, int index, string full, int cursor)
    {
        string content = messages[index].Content;
        int start = -1, end = -1;
        if (TryRender(messages, index, addGenerationPrompt: true) is { } prompt && prompt.Length >= cursor && full.StartsWith(prompt, StringComparison.Ordinal))
            start = prompt.Length;
        int contentAt = content.Length == 0 ? -1 : full.IndexOf(content, Math.Max(cursor, start), StringComparison.Ordinal);
        if (start < 0)
        {
            if (contentAt < 0) throw new WrenException($"the chat template does not render assistant message {index + 1}'s content verbatim, so its tokens cannot be found");
            start = contentAt;
        }

        // The reply must not be trimmed into its own content.
        int minimumEnd = contentAt >= 0 ? contentAt + content.TrimEnd().Length : start;
        if (TryRender(messages, index + 1, addGenerationPrompt: false) is { } through && through.Length > start && full.StartsWith(through, StringComparison.Ordinal))
        {
            end = through.Length;
            while (end > Math.Max(start, minimumEnd) && char.IsWhiteSpace(full[end - 1])) end--;
        }
        else
        {
            // Only the content is known to be the reply; add the EOS token when the template writes it right after.
            end = Math.Max(minimumEnd, start);
            if (Template.EosToken is { Length: > 0 } eos && full.AsSpan(end).StartsWith(eos, StringComparison.Ordinal)) end += eos.Length;
        }

        if (end <= start && content.Trim().Length > 0)
            throw new WrenException($"the chat template renders nothing for assistant message {index + 1}, so there is nothing to learn from it");
        return (start, end);
    }

    private string? TryRender(IReadOnlyList<ChatMessage> messages, int count, bool addGenerationPrompt)
    {
        try
        {
            return Template.Render(ToTemplate(messages, count), addGenerationPrompt);
        }
        catch (TemplateException)
        {
            // Some templates reject partial conversations (e.g. one that must end with a user turn); the
            // content search covers them.
            return null;
        }
    }

    private static List<TemplateMessage> ToTemplate(IReadOnlyList<ChatMessage> messages, int count)
    {
        var list = new List<TemplateMessage>(count);
        for (int i = 0; i < count; i++) list.Add(new TemplateMessage(messages[i].Role, messages[i].Content));
        return list;
    }
}
