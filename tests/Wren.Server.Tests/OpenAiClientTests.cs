using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;

namespace Wren.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class OpenAiClientTests(ServerFixture fixture)
{
    private OpenAIClient Client(string key = "unused") =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(fixture.Address, "/v1") });

    [Fact]
    public async Task TheOfficialClientGetsACompletionWithUsage()
    {
        var chat = Client().GetChatClient(fixture.Model.Name);
        ChatCompletion done = await chat.CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Hello")],
            new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 });
        Assert.Equal(ChatMessageRole.Assistant, done.Role);
        Assert.NotNull(done.Usage);
        Assert.InRange(done.Usage.OutputTokenCount, 1, 12);
        Assert.Equal(done.Usage.InputTokenCount + done.Usage.OutputTokenCount, done.Usage.TotalTokenCount);
        Assert.Equal(fixture.Model.Name, done.Model);
        // Same greedy reply in-process (through the model's chat template and the same scheduler).
        using var local = new Wren.Runtime.Generation.WrenChatClient(fixture.Scheduler);
        var expected = await local.GetResponseAsync(
            [new(ChatRole.System, "You are terse."), new(ChatRole.User, "Hello")], new ChatOptions { Temperature = 0, MaxOutputTokens = 12 });
        Assert.Equal(expected.Text, done.Content.Count == 0 ? "" : done.Content[0].Text);
    }

    [Fact]
    public async Task TheOfficialClientStreamsTheSameTextAndUsage()
    {
        var chat = Client().GetChatClient(fixture.Model.Name);
        ChatMessage[] messages = [new UserChatMessage("Tell me about the United States")];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 20, Temperature = 0 };
        ChatCompletion whole = await chat.CompleteChatAsync(messages, options);
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        OpenAI.Chat.ChatFinishReason? reason = null;
        int updates = 0;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            updates++;
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
            reason ??= update.FinishReason;
        }
        Assert.True(updates > 2);
        Assert.Equal(whole.Content.Count == 0 ? "" : whole.Content[0].Text, text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(whole.FinishReason, reason);
    }

    [Fact]
    public async Task MicrosoftExtensionsAiOpenAiWorksAgainstTheServer()
    {
        IChatClient client = Client().GetChatClient(fixture.Model.Name).AsIChatClient();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 10, StopSequences = ["United"] };
        var response = await client.GetResponseAsync("The", options);
        Assert.DoesNotContain("United", response.Text, StringComparison.Ordinal);
        var streamed = new System.Text.StringBuilder();
        await foreach (var u in client.GetStreamingResponseAsync("The", options)) streamed.Append(u.Text);
        Assert.Equal(response.Text, streamed.ToString());
    }

    [Fact]
    public async Task TheOfficialClientListsTheModel()
    {
        var models = await Client().GetOpenAIModelClient().GetModelsAsync();
        Assert.Contains(models.Value, m => m.Id == fixture.Model.Name);
    }
}
