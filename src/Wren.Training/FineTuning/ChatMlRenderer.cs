namespace Wren.Training.FineTuning;

/// <summary>
/// The ChatML layout (Qwen, and Wren's own tokenizers): <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per message.
/// For assistant messages the content and the closing <c>&lt;|im_end|&gt;</c> are trainable (the model must learn to stop);
/// the header <c>&lt;|im_start|&gt;assistant\n</c> is prompt.
/// </summary>
public sealed class ChatMlRenderer : IChatRenderer
{
    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        var segments = new List<ChatSegment>(messages.Count * 2);
        foreach (var m in messages)
        {
            bool assistant = m.Role == "assistant";
            segments.Add(new ChatSegment($"<|im_start|>{m.Role}\n", false));
            segments.Add(new ChatSegment(m.Content + "<|im_end|>", assistant));
            segments.Add(new ChatSegment("\n", false));
        }

        return segments;
    }
}
