using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>
/// Task examples as chat JSONL for supervised fine-tuning (<c>{"messages": [{"role": "user", ...}, {"role": "assistant", ...}]}</c>),
/// the format <c>wren finetune</c>, <c>wren handoff finetune</c>, TRL and most trainers read: the input is the user's
/// turn, the output the assistant's, with an optional system prompt first.
/// </summary>
public static class TaskChatJsonl
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string path, IEnumerable<TaskExample> examples, string? systemPrompt = null) =>
        Write(path, examples.Select(e => (e.Input, e.Output)), systemPrompt);

    public static void Write(string path, IEnumerable<(string User, string Assistant)> conversations, string? systemPrompt = null) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, WriterOptions);
            foreach (var (user, assistant) in conversations)
            {
                writer.Reset();
                writer.WriteStartObject();
                writer.WriteStartArray("messages");
                if (!string.IsNullOrEmpty(systemPrompt)) Message(writer, "system", systemPrompt);
                Message(writer, "user", user);
                Message(writer, "assistant", assistant);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
                stream.WriteByte((byte)'\n');
            }
        });

    private static void Message(Utf8JsonWriter writer, string role, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }
}
