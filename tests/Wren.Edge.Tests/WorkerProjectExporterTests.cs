using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Wren.Edge.Npm;
using Wren.Edge.Worker;
using Wren.Export.Gguf;

namespace Wren.Edge.Tests;

/// <summary>
/// The exported Workers project run for real in workerd (wrangler dev) and asked by the official OpenAI .NET
/// client: the greedy answers are Wren's on the same GGUF, streamed or not, with the model bundled or in R2.
/// </summary>
public sealed class WorkerProjectExporterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wren-worker-").FullName;

    private static readonly (string Role, string Content)[] Conversation = [("system", "You are terse."), ("user", "Tell me about the United States")];

    [SkippableTheory]
    [InlineData(WorkerModelSource.Bundle)]
    [InlineData(WorkerModelSource.R2)]
    public async Task TheOfficialOpenAiClientGetsWrensGreedyAnswerFromTheWorker(WorkerModelSource source)
    {
        var store = new NpmPackageStore(EdgePeers.NodeModules());
        string project = Path.Combine(_root, source.ToString());
        WorkerExportResult result = WorkerProjectExporter.Export(new WorkerExportOptions
        {
            ModelDirectory = TestModels.Folder("tiny-llama"),
            OutputDirectory = project,
            Type = GgufExportType.Q8_0,
            ModelSource = source,
        }, store);
        Assert.Equal(source, result.ModelSource);
        string gguf = source == WorkerModelSource.Bundle ? Path.Combine(project, "src", "model", EdgeModel.GgufFile) : Path.Combine(project, "r2", EdgeModel.GgufFile);
        if (source == WorkerModelSource.R2)
        {
            Assert.Contains("bucket_name = \"wren-models\"", File.ReadAllText(Path.Combine(project, "wrangler.toml")));
            WranglerDev.Run(project, "r2", "object", "put", $"wren-models/{result.ModelKey}", "--file", gguf, "--local");
        }
        using var dev = await WranglerDev.StartAsync(project);
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(dev.Address, "/v1") });

        var models = (await client.GetOpenAIModelClient().GetModelsAsync()).Value;
        Assert.Equal(["tiny-llama"], models.Select(m => m.Id));

        var expected = WrenReference.Chat(gguf, Conversation, 20);
        var chat = client.GetChatClient("tiny-llama");
        ChatMessage[] messages = [new SystemChatMessage(Conversation[0].Content), new UserChatMessage(Conversation[1].Content)];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 20, Temperature = 0 };
        ChatCompletion whole = await chat.CompleteChatAsync(messages, options);
        Assert.Equal(expected.Text, whole.Content.Count == 0 ? "" : whole.Content[0].Text);
        Assert.Equal(expected.PromptIds.Length, whole.Usage.InputTokenCount);
        Assert.Equal(expected.Ids.Length, whole.Usage.OutputTokenCount);

        var streamed = new StringBuilder();
        int updates = 0;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            updates++;
            foreach (var part in update.ContentUpdate) streamed.Append(part.Text);
            usage ??= update.Usage;
        }
        Assert.True(updates > 2, $"{updates} updates: not streamed");
        Assert.Equal(expected.Text, streamed.ToString());
        Assert.Equal(expected.Ids.Length, usage?.OutputTokenCount);

        using var http = new HttpClient();
        var health = JsonNode.Parse(await http.GetStringAsync(new Uri(dev.Address, "/health")))!;
        Assert.Equal(source == WorkerModelSource.Bundle ? "bundle" : "r2", health["model_source"]!.GetValue<string>());
        Assert.InRange(health["wasm_heap_bytes"]!.GetValue<long>(), WorkerProjectExporter.InitialMemoryBytes, 128L << 20);
    }

    [SkippableFact]
    public async Task AWrongModelOrABadBodyGetsOpenAisErrorShape()
    {
        var store = new NpmPackageStore(EdgePeers.NodeModules());
        string project = Path.Combine(_root, "errors");
        WorkerProjectExporter.Export(new WorkerExportOptions { ModelDirectory = TestModels.Folder("tiny-llama"), OutputDirectory = project, Type = GgufExportType.Q8_0 }, store);
        using var dev = await WranglerDev.StartAsync(project);
        using var http = new HttpClient();
        var wrongModel = await http.PostAsync(new Uri(dev.Address, "/v1/chat/completions"), new StringContent("""{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(404, (int)wrongModel.StatusCode);
        Assert.Equal("model_not_found", JsonNode.Parse(await wrongModel.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        var badJson = await http.PostAsync(new Uri(dev.Address, "/v1/chat/completions"), new StringContent("{not json"));
        Assert.Equal(400, (int)badJson.StatusCode);
        Assert.Equal("invalid_request_error", JsonNode.Parse(await badJson.Content.ReadAsStringAsync())!["error"]!["type"]!.GetValue<string>());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
