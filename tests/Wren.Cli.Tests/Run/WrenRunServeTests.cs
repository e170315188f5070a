using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Wren.Cli.Tests.Run;

/// <summary>
/// <c>wren-run serve</c>, the NativeAOT build of the server, against <c>wren serve</c> run in this process: the official
/// OpenAI client and Microsoft.Extensions.AI get the same answers, errors come back byte for byte the same, and greedy
/// completions equal <c>wren generate</c>'s.
/// </summary>
public sealed class WrenRunServeTests
{
    private static readonly TimeSpan NativeStartUp = TimeSpan.FromMinutes(1);

    [WrenRunFact("linux-x64")]
    public async Task TheOfficialClientGetsWrenServesGreedyChatCompletion()
    {
        string[] arguments = ["--model", Fixture("tiny-llama"), "--threads", "1"];
        await using var native = await ServingProcess.StartAsync("linux-x64", arguments, NativeStartUp);
        await using var wren = await WrenServe.StartAsync(arguments);
        ChatCompletion served = await Complete(native.Address);
        ChatCompletion expected = await Complete(wren.Address);
        Assert.NotEmpty(served.Content[0].Text);
        Assert.Equal(expected.Content[0].Text, served.Content[0].Text);
        Assert.Equal(expected.Model, served.Model);
        Assert.Equal(expected.FinishReason, served.FinishReason);
        Assert.Equal(expected.Usage.InputTokenCount, served.Usage.InputTokenCount);
        Assert.Equal(expected.Usage.OutputTokenCount, served.Usage.OutputTokenCount);

        // Microsoft.Extensions.AI over the same client reads the same answer.
        IChatClient client = Client(native.Address).GetChatClient(served.Model).AsIChatClient();
        var response = await client.GetResponseAsync([new(ChatRole.System, "You are terse."), new(ChatRole.User, "Hello")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 12 });
        Assert.Equal(served.Content[0].Text, response.Text);
    }

    [WrenRunFact("linux-x64")]
    public async Task StreamingGivesTheWholeAnswerInPiecesWithUsage()
    {
        await using var native = await ServingProcess.StartAsync("linux-x64", ["--model", Fixture("tiny-llama"), "--threads", "1"], NativeStartUp);
        var chat = Client(native.Address).GetChatClient("tiny-llama");
        OpenAI.Chat.ChatMessage[] messages = [new UserChatMessage("Tell me about the United States")];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 20, Temperature = 0 };
        ChatCompletion whole = await chat.CompleteChatAsync(messages, options);
        var text = new StringBuilder();
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
        Assert.True(updates > 2, $"{updates} updates");
        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(whole.FinishReason, reason);
    }

    [WrenRunFact("linux-x64")]
    public async Task AMalformedRequestGetsWrenServesOneLineJsonError()
    {
        string[] arguments = ["--model", Fixture("tiny-llama"), "--threads", "1", "--max-tokens-limit", "64"];
        await using var native = await ServingProcess.StartAsync("linux-x64", arguments, NativeStartUp);
        await using var wren = await WrenServe.StartAsync(arguments);
        using var http = new HttpClient();
        (string Path, string Body)[] requests =
        [
            ("/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}"""),
            ("/v1/chat/completions", """{"messages": []}"""),
            ("/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "temperature": 5}"""),
            ("/v1/completions", """{"prompt": "x", "max_tokens": 65}"""),
            ("/v1/completions", """{"model": "gpt-4", "prompt": "x"}"""),
            ("/v1/embeddings", """{"input": "x"}"""),
        ];
        foreach (var (path, body) in requests)
        {
            using var served = await http.PostAsync(new Uri(native.Address, path), new StringContent(body, Encoding.UTF8, "application/json"));
            using var expected = await http.PostAsync(new Uri(wren.Address, path), new StringContent(body, Encoding.UTF8, "application/json"));
            string text = await served.Content.ReadAsStringAsync();
            Assert.True((int)served.StatusCode is >= 400 and < 500, $"{path} {body}: {served.StatusCode}");
            Assert.Equal(expected.StatusCode, served.StatusCode);
            Assert.Equal(await expected.Content.ReadAsStringAsync(), text);
            Assert.DoesNotContain('\n', text);
            using var error = JsonDocument.Parse(text);
            Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetProperty("message").GetString()));
        }
    }

    [WrenRunFact("linux-x64")]
    public async Task GreedyCompletionsEqualWrenGenerateForEveryReferencePrompt()
    {
        string model = Fixture("tiny-llama");
        await using var native = await ServingProcess.StartAsync("linux-x64", ["--model", model, "--threads", "1"], NativeStartUp);
        using var http = new HttpClient { BaseAddress = native.Address };
        using var reference = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(model, "ref_outputs.json")));
        foreach (var prompt in reference.RootElement.GetProperty("prompts").EnumerateArray())
        {
            string text = prompt.GetProperty("text").GetString()!;
            var generated = await WrenCli.Capture("generate", "--model", model, "--prompt", text, "--max-tokens", "24", "--greedy", "--json", "--threads", "1");
            Assert.Equal(0, generated.ExitCode);
            using var request = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object> { ["prompt"] = text, ["max_tokens"] = 24, ["temperature"] = 0 }), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/v1/completions", request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var completion = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            using var expected = JsonDocument.Parse(generated.Out);
            Assert.Equal(expected.RootElement.GetProperty("text").GetString(), completion.RootElement.GetProperty("choices")[0].GetProperty("text").GetString());
        }
    }

    [WrenRunFact("linux-x64")]
    public async Task ThereIsNoMetricsEndpointAndTheHelpSaysSo()
    {
        await using var native = await ServingProcess.StartAsync("linux-x64", ["--model", Fixture("tiny-llama"), "--threads", "1"], NativeStartUp);
        using var http = new HttpClient { BaseAddress = native.Address };
        using var metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        using var health = JsonDocument.Parse(await http.GetStringAsync("/health"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Contains("<html", await http.GetStringAsync("/"), StringComparison.OrdinalIgnoreCase); // the chat page ships in the binary
        Assert.Matches(@"^serving tiny-llama at http://127\.0\.0\.1:\d+/ \(chat page at /, API at /v1, 4 parallel, context [^;]+; Ctrl\+C stops\)\s*$", native.Error);
        var help = await WrenRunBuild.RunFor("linux-x64", Path.Combine(WrenRunBuild.Directory("linux-x64")!, "wren-run"), ["serve", "--help"]);
        Assert.DoesNotContain("metrics", help.Out, StringComparison.Ordinal);
    }

    [WrenRunFact("linux-arm64")]
    public async Task TheLinuxArm64BuildAnswersAChatCompletionUnderQemu()
    {
        string[] arguments = ["--model", Fixture("tiny-llama"), "--threads", "1", "--parallel", "1"];
        await using var native = await ServingProcess.StartAsync("linux-arm64", arguments, TimeSpan.FromMinutes(3));
        await using var wren = await WrenServe.StartAsync(arguments);
        ChatCompletion served = await Complete(native.Address);
        Assert.NotEmpty(served.Content[0].Text);
        Assert.Equal((await Complete(wren.Address)).Content[0].Text, served.Content[0].Text);
    }

    private static async Task<ChatCompletion> Complete(Uri address) =>
        await Client(address).GetChatClient("tiny-llama").CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Hello")],
            new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 });

    private static OpenAIClient Client(Uri address) =>
        new(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(address, "/v1"), NetworkTimeout = TimeSpan.FromMinutes(3) });

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);
}
