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
    /// <summary>
    /// A task folder as <c>train.jsonl</c> and <c>val.jsonl</c> in <paramref name="outFolder"/>; with <paramref name="replay"/>
    /// (curated documents), <see cref="ReplayMix"/> conversations make up <paramref name="replayFraction"/> of the training
    /// file, shuffled in with the task's (seeded).
    /// </summary>
    public static TaskChatFiles WriteFolder(TaskDataSet data, string outFolder, string? systemPrompt, string? replay, double replayFraction, ulong seed)
    {
        Directory.CreateDirectory(outFolder);
        var train = data.Train.Select(e => (e.Input, e.Output)).ToList();
        int replayed = 0;
        if (replay is not null)
        {
            var mix = ReplayMix.Draw(replay, train.Count, replayFraction, seed);
            replayed = mix.Count;
            train.AddRange(mix);
            new Random((int)seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(train));
        }

        var files = new TaskChatFiles(Path.Combine(outFolder, "train.jsonl"), Path.Combine(outFolder, "val.jsonl"), train.Count, replayed, data.Validation.Count);
        Write(files.Train, train, systemPrompt);
        Write(files.Validation, data.Validation, systemPrompt);
        return files;
    }

    public static void Write(string path, IEnumerable<TaskExample> examples, string? systemPrompt = null) =>
        Write(path, examples.Select(e => (e.Input, e.Output)), systemPrompt);

    public static void Write(string path, IEnumerable<(string User, string Assistant)> conversations, string? systemPrompt = null) =>
        JsonLinesFile.Write(path, conversations, (writer, conversation) =>
        {
            writer.WriteStartArray("messages");
            if (!string.IsNullOrEmpty(systemPrompt)) Message(writer, "system", systemPrompt);
            Message(writer, "user", conversation.User);
            Message(writer, "assistant", conversation.Assistant);
            writer.WriteEndArray();
        });

    private static void Message(Utf8JsonWriter writer, string role, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }
}
