using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using Wren.Tests.Peers;
using ChatMessage = OpenAI.Chat.ChatMessage;
using ChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace Wren.Server.Tests;

/// <summary>response_format on /v1/chat/completions: a random-weight model's answers always parse and validate.</summary>
[Collection(ServerCollection.Name)]
public sealed class ResponseFormatTests(ServerFixture fixture)
{
    private const string TicketSchema = """
        {"type":"object","properties":{
          "title":{"type":"string","minLength":3,"maxLength":20},
          "priority":{"type":"integer","minimum":1,"maximum":5},
          "category":{"enum":["billing","bug","feature"]},
          "urgent":{"type":"boolean"},
          "assignee":{"type":["string","null"],"pattern":"^[a-z]{2,8}$"},
          "tags":{"type":"array","items":{"type":"string","maxLength":8},"maxItems":3}},
         "required":["title","priority","category","urgent","assignee","tags"],"additionalProperties":false}
        """;

    private OpenAIClient Client() => new(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Address, "/v1") });

    private static ChatMessage[] Messages => [new SystemChatMessage("Extract the ticket."), new UserChatMessage("My invoice is wrong, please fix it today!")];

    [Fact]
    public async Task TheOfficialClientsJsonSchemaFormatGetsValidJsonEveryTime()
    {
        var chat = Client().GetChatClient(fixture.Model.Name);
        for (int seed = 0; seed < 6; seed++)
        {
            var options = new ChatCompletionOptions
            {
                ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(TicketSchema), jsonSchemaIsStrict: true),
                MaxOutputTokenCount = 160,
                Temperature = 1f,
#pragma warning disable OPENAI001 // Seed is marked experimental
                Seed = seed,
#pragma warning restore OPENAI001
            };
            ChatCompletion done = await chat.CompleteChatAsync(Messages, options);
            string text = done.Content[0].Text;
            Assert.Null(JsonSchemaPeer.Validate(TicketSchema, text) is { } error ? $"seed {seed}: {text} -> {error}" : null);
            Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, done.FinishReason);
        }
    }

    [Fact]
    public async Task StreamingWithASchemaGivesTheSameValidJson()
    {
        var chat = Client().GetChatClient(fixture.Model.Name);
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(TicketSchema), jsonSchemaIsStrict: true),
            MaxOutputTokenCount = 160,
            Temperature = 0,
        };
        ChatCompletion whole = await chat.CompleteChatAsync(Messages, options);
        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync(Messages, options))
        {
            foreach (var part in update.ContentUpdate) streamed.Append(part.Text);
        }
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
        Assert.Null(JsonSchemaPeer.Validate(TicketSchema, streamed.ToString()));
    }

    [Fact]
    public async Task JsonObjectFormatGetsAnObject()
    {
        var chat = Client().GetChatClient(fixture.Model.Name);
        for (int seed = 0; seed < 4; seed++)
        {
#pragma warning disable OPENAI001
            var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(), MaxOutputTokenCount = 100, Seed = seed };
#pragma warning restore OPENAI001
            ChatCompletion done = await chat.CompleteChatAsync(Messages, options);
            using var doc = JsonDocument.Parse(done.Content[0].Text);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
    }

    /// <summary>What GetResponseAsync&lt;T&gt; asks for and reads back.</summary>
    public sealed record Ticket(string Title, int Priority, bool Urgent, string[] Tags, TicketCategory Category);

    public enum TicketCategory
    {
        Billing,
        Bug,
        Feature,
    }

    [Fact]
    public async Task GetResponseAsyncOfTOverHttpReturnsATypedObject()
    {
        IChatClient client = Client().GetChatClient(fixture.Model.Name).AsIChatClient();
        for (int seed = 0; seed < 3; seed++)
        {
            var response = await client.GetResponseAsync<Ticket>("My invoice is wrong", new ChatOptions { MaxOutputTokens = 200, Seed = seed });
            Assert.True(response.TryGetResult(out var ticket), response.Text);
            Assert.NotNull(ticket!.Title);
            Assert.NotNull(ticket.Tags);
            Assert.Null(JsonSchemaPeer.Validate(SchemaOf<Ticket>(), response.Text));
        }
    }

    [Fact]
    public async Task GetResponseAsyncOfTInProcessReturnsATypedObject()
    {
        using IChatClient client = new Wren.Runtime.Generation.WrenChatClient(fixture.Scheduler);
        for (int seed = 0; seed < 3; seed++)
        {
            var response = await client.GetResponseAsync<Ticket>("My invoice is wrong", new ChatOptions { MaxOutputTokens = 200, Seed = seed });
            Assert.True(response.TryGetResult(out var ticket), response.Text);
            Assert.True(Enum.IsDefined(ticket!.Category));
            Assert.Null(JsonSchemaPeer.Validate(SchemaOf<Ticket>(), response.Text));
        }
    }

    [Fact]
    public async Task ARecursiveSchemaStreamsValidJsonOverRawHttp()
    {
        string schema = """{"$defs":{"node":{"type":"object","properties":{"name":{"type":"string","maxLength":6},"children":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":2}},"required":["name","children"],"additionalProperties":false}},"$ref":"#/$defs/node"}""";
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "A tree please" }),
            ["max_tokens"] = 150,
            ["stream"] = true,
            ["seed"] = 7,
            ["response_format"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["name"] = "tree", ["strict"] = true, ["schema"] = JsonNode.Parse(schema) } },
        };
        using var response = await fixture.Http.PostAsJsonAsync("/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = new StringBuilder();
        foreach (string line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal)) continue;
            using var chunk = JsonDocument.Parse(line[6..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String) text.Append(c.GetString());
            }
        }
        Assert.Null(JsonSchemaPeer.Validate(schema, text.ToString()) is { } error ? $"{text} -> {error}" : null);
    }

    [Theory]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"array","uniqueItems":true}}}""", "#/uniqueItems")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"string","pattern":"(?=a)"}}}""", "lookaround")]
    [InlineData("""{"type":"xml"}""", "'xml' is not supported")]
    [InlineData("""{"type":"json_schema"}""", "json_schema' must be an object")]
    public async Task AResponseFormatThatCannotBeHonouredIsA400NamingTheField(string format, string expected)
    {
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
            ["response_format"] = JsonNode.Parse(format),
        };
        using var response = await fixture.Http.PostAsJsonAsync("/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.StartsWith("response_format", error.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    private static string SchemaOf<T>() => AIJsonUtilities.CreateJsonSchema(typeof(T)).GetRawText();
}
