using System.Text.Json;

namespace Wren.Training.FineTuning;

/// <summary>
/// Reads chat/instruction JSONL: one conversation per line, either <c>{"messages": [{"role", "content"}, ...]}</c>
/// (OpenAI format) or <c>{"prompt", "completion"}</c> (read as a user turn and an assistant turn). A bad line is
/// reported with its line number and skipped; the rest is read.
/// </summary>
public static class ChatJsonlReader
{
    /// <param name="Conversations">The conversations read, in file order.</param>
    /// <param name="LineNumbers">The 1-based line of each conversation (for errors found later, when rendering).</param>
    /// <param name="Errors">"file:line: reason" for each line skipped.</param>
    public sealed record Result(IReadOnlyList<IReadOnlyList<ChatMessage>> Conversations, IReadOnlyList<int> LineNumbers, IReadOnlyList<string> Errors);

    public static Result Read(string path) => Parse(File.ReadLines(path), path);

    public static Result Parse(IEnumerable<string> lines, string source)
    {
        var conversations = new List<IReadOnlyList<ChatMessage>>();
        var lineNumbers = new List<int>();
        var errors = new List<string>();
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                conversations.Add(ParseLine(line));
                lineNumbers.Add(number);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                errors.Add($"{source}:{number}: {e.Message}");
            }
        }

        return new Result(conversations, lineNumbers, errors);
    }

    private static List<ChatMessage> ParseLine(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("expected a JSON object");
        var messages = new List<ChatMessage>();
        if (root.TryGetProperty("messages", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) throw new FormatException("'messages' is not an array");
            foreach (var m in list.EnumerateArray())
            {
                string role = m.GetProperty("role").GetString() ?? throw new FormatException("a message has a null role");
                string content = m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : ContentText(m);
                messages.Add(new ChatMessage(role, content));
            }
        }
        else if (root.TryGetProperty("prompt", out var prompt) && root.TryGetProperty("completion", out var completion))
        {
            messages.Add(new ChatMessage("user", prompt.GetString() ?? ""));
            messages.Add(new ChatMessage("assistant", completion.GetString() ?? ""));
        }
        else
        {
            throw new FormatException("expected \"messages\" or \"prompt\" and \"completion\"");
        }

        if (!messages.Exists(m => m.Role == "assistant")) throw new FormatException("the conversation has no assistant message to learn from");
        return messages;
    }

    /// <summary>OpenAI content parts: the concatenated text parts.</summary>
    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null) return "";
        if (content.ValueKind != JsonValueKind.Array) throw new FormatException("'content' is neither a string nor an array of parts");
        var text = new System.Text.StringBuilder();
        foreach (var part in content.EnumerateArray())
            if (part.TryGetProperty("text", out var t)) text.Append(t.GetString());
        return text.ToString();
    }
}
