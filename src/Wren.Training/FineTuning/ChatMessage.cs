namespace Wren.Training.FineTuning;

/// <summary>One message of a conversation in the OpenAI format (role: system, user, assistant, tool).</summary>
public sealed record ChatMessage(string Role, string Content);
