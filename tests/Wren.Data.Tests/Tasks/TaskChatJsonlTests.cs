using System.Text.Json.Nodes;
using Wren.Data.Tasks;

namespace Wren.Data.Tests.Tasks;

public sealed class TaskChatJsonlTests
{
    [Fact]
    public void EachExampleBecomesAUserTurnAndAnAssistantTurnAfterTheSystemPrompt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"wren-chat-{Guid.NewGuid():N}.jsonl");
        try
        {
            TaskChatJsonl.Write(path, [new TaskExample("Where is my order?", "It left on Monday.", "a.eml")], systemPrompt: "You answer support mail.");

            var line = JsonNode.Parse(Assert.Single(File.ReadAllLines(path)))!;
            var messages = line["messages"]!.AsArray();
            Assert.Equal(["system", "user", "assistant"], messages.Select(m => m!["role"]!.GetValue<string>()));
            Assert.Equal("Where is my order?", messages[1]!["content"]!.GetValue<string>());
            Assert.Equal("It left on Monday.", messages[2]!["content"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFolderBecomesTrainAndValFilesWithTheReplayedShareShuffledIntoTraining()
    {
        string folder = Directory.CreateTempSubdirectory("wren-chat-").FullName;
        try
        {
            string general = Path.Combine(folder, "general.jsonl");
            File.WriteAllLines(general, Enumerable.Range(0, 20).Select(d => new JsonObject
            {
                ["id"] = $"g{d}",
                ["source"] = $"general/{d}.txt",
                ["text"] = string.Join(' ', Enumerable.Range(0, 120).Select(w => $"word{d}x{w}")),
            }.ToJsonString()));
            var train = Enumerable.Range(0, 18).Select(i => new TaskExample($"question {i}", $"answer {i}", $"t{i}")).ToList();
            var data = new TaskDataSet(null, train, [new TaskExample("held out", "reply", "v")], [], "task");

            var files = TaskChatJsonl.WriteFolder(data, Path.Combine(folder, "chat"), "Be brief.", general, replayFraction: 0.1, seed: 3);

            Assert.Equal((20, 2, 1), (files.TrainConversations, files.Replayed, files.ValidationConversations)); // 2 / (18 + 2) = 0.1
            var users = File.ReadAllLines(files.Train).Select(l => JsonNode.Parse(l)!["messages"]![1]!["content"]!.GetValue<string>()).ToList();
            Assert.Equal(20, users.Count);
            Assert.Equal(18, users.Count(u => u.StartsWith("question ", StringComparison.Ordinal)));
            Assert.NotEqual(train.Select(e => e.Input), users.Take(18)); // shuffled, not appended
            Assert.Single(File.ReadAllLines(files.Validation));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
