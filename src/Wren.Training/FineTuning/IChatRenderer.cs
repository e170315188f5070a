namespace Wren.Training.FineTuning;

/// <summary>
/// Turns a conversation into text the way the model's chat template does, split into segments that say which
/// text is the assistant's (and so carries loss). The Jinja-template renderer plugs in here; tests use ChatML.
/// </summary>
public interface IChatRenderer
{
    IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages);
}
