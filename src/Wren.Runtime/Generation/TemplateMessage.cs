namespace Wren.Runtime.Generation;

/// <summary>
/// One chat message as a template sees it: <c>message.role</c>, <c>message.content</c> (null for an assistant
/// turn that only calls tools) and any other fields a template reads, such as <c>tool_calls</c>,
/// <c>reasoning_content</c> or <c>name</c> (strings, numbers, dictionaries, lists or JSON).
/// </summary>
public sealed record TemplateMessage(string Role, string? Content)
{
    /// <summary>Extra fields of the message, by the name the template uses.</summary>
    public IReadOnlyDictionary<string, object?>? Fields { get; init; }
}
