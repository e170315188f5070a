using Microsoft.Extensions.AI;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Runtime.Tests.Generation;

public sealed class WrenChatClientTests : IDisposable
{
    // A template that passes the user's text through unchanged, so the prompt ids equal transformers' ones.
    private static readonly ChatTemplate Raw = ChatTemplate.Parse("{% for m in messages %}{{ m['content'] }}{% endfor %}");
    private readonly WrenModel _raw = WrenModel.Load(HfReference.Folder("tiny-llama"), templateOverride: Raw);

    public void Dispose() => _raw.Dispose();

    [Fact]
    public async Task GreedyReplyEqualsTransformersGreedyIdsDecoded()
    {
        var prompt = HfReference.Prompts("tiny-llama")[2];
        Assert.Equal(prompt.Ids, _raw.EncodeChat([new TemplateMessage("user", prompt.Text)]));
        using var client = new WrenChatClient(_raw, new GenerationSchedulerOptions { Threads = 1 });
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt.Text)], new ChatOptions { Temperature = 0, MaxOutputTokens = 24 });
        Assert.Equal(_raw.Tokenizer.Decode(prompt.GreedyIds), response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(prompt.Ids.Length, response.Usage!.InputTokenCount);
        Assert.Equal(24, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task StreamingGivesTheSameTextAsOneResponseAndEndsWithUsage()
    {
        var prompt = HfReference.Prompts("tiny-llama")[0];
        using var client = new WrenChatClient(_raw, new GenerationSchedulerOptions { Threads = 1 });
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt.Text)], new ChatOptions { Temperature = 0, MaxOutputTokens = 24 })) updates.Add(u);
        Assert.True(updates.Count > 2);
        Assert.Equal(_raw.Tokenizer.Decode(prompt.GreedyIds), string.Concat(updates.Select(u => u.Text)));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(24, usage.Details.OutputTokenCount);
    }

    [Fact]
    public async Task AStopSequenceCutsTheReplyBeforeIt()
    {
        var prompt = HfReference.Prompts("tiny-llama")[1];
        string full = _raw.Tokenizer.Decode(prompt.GreedyIds); // "llows, and the United States, ..."
        using var client = new WrenChatClient(_raw, new GenerationSchedulerOptions { Threads = 1 });
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt.Text)], new ChatOptions { Temperature = 0, MaxOutputTokens = 24, StopSequences = ["United"] });
        Assert.Equal(full[..full.IndexOf("United", StringComparison.Ordinal)], response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage!.OutputTokenCount < 24);
    }

    [Fact]
    public async Task SeededSamplingRepeatsAndTheChatTemplateOfTheFolderIsUsed()
    {
        using var model = WrenModel.Load(HfReference.Folder("tiny-llama"), ChatTemplates.Jinja);
        Assert.Contains(0, model.StopTokenIds);
        using var client = new WrenChatClient(model, new GenerationSchedulerOptions { Threads = 1 });
        var options = new ChatOptions { Temperature = 0.9f, TopP = 0.95f, TopK = 50, Seed = 11, MaxOutputTokens = 16, FrequencyPenalty = 0.2f, PresencePenalty = 0.1f };
        ChatMessage[] messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hello")];
        var a = await client.GetResponseAsync(messages, options);
        var b = await client.GetResponseAsync(messages, options);
        Assert.Equal(a.Text, b.Text);
        int promptTokens = model.Tokenizer.Encode("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", addSpecialTokens: false).Length;
        Assert.Equal(promptTokens, a.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task CancellationStopsTheStreamAndFreesTheSlot()
    {
        using var client = new WrenChatClient(_raw, new GenerationSchedulerOptions { Threads = 1, Parallel = 1, MaxQueue = 0 });
        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "The")], new ChatOptions { Temperature = 0, MaxOutputTokens = 200 }, cts.Token))
            {
                if (++seen == 3) cts.Cancel();
            }
        });
        Assert.Equal(3, seen);
        var scheduler = (GenerationScheduler)client.GetService(typeof(GenerationScheduler))!;
        for (int i = 0; i < 200 && scheduler.ActiveCount + scheduler.QueueLength > 0; i++) await Task.Delay(10);
        var next = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "The")], new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });
        Assert.Equal(4, next.Usage!.OutputTokenCount);
    }
}
