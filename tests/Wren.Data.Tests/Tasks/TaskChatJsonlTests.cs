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
}
